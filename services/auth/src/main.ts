import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { migrateToLatest, openDb, systemClock, type Clock, type Database, type Logger } from '@photocloud/kit';
import { buildApp, type AppDeps } from './app.ts';
import type { AuthConfig } from './config.ts';
import { migrations } from './db/migrations/index.ts';
import type { AuthDb } from './db/schema.ts';
import { EmbeddedStsProvider } from './credentials/embedded.ts';
import { PresignedOnlyProvider, type CredentialsProvider } from './credentials/provider.ts';
import { EmailService } from './mail/email.service.ts';
import { LogMailer, SmtpMailer, type Mailer } from './mail/mailer.ts';
import { AccountService } from './services/account.service.ts';
import { FranceConnectService } from './services/franceconnect.service.ts';
import { GoogleVerifier } from './services/google.service.ts';
import { IdentityService } from './services/identity.service.ts';
import { KeyService } from './services/key.service.ts';
import { MaintenanceService } from './services/maintenance.service.ts';
import { OneTimeTokenService } from './services/one-time-token.service.ts';
import { PasskeyService } from './services/passkey.service.ts';
import { PasswordService } from './services/password.service.ts';
import { DEFAULT_RATE_LIMITS, RateLimitService, type RateLimits } from './services/rate-limit.service.ts';
import { RecoveryService } from './services/recovery.service.ts';
import { adminEmailList, RoleService } from './services/role.service.ts';
import { SessionService } from './services/session.service.ts';
import { SignInService } from './services/sign-in.service.ts';
import { IdentityStore } from './stores/identity.store.ts';
import { OneTimeTokenStore } from './stores/one-time-token.store.ts';
import { PasskeyStore } from './stores/passkey.store.ts';
import { RateLimitStore } from './stores/rate-limit.store.ts';
import { SessionStore } from './stores/session.store.ts';
import { SigningKeyStore } from './stores/signing-key.store.ts';
import { UserStore } from './stores/user.store.ts';

export interface AuthServiceOptions {
  config: AuthConfig;
  log: Logger;
  /** Tests move time; everything else uses the system clock. */
  clock?: Clock;
  /** Overrides of the default rate limits (tests, or a very small install). */
  rateLimits?: Partial<RateLimits>;
}

export interface AuthContext {
  appDeps: AppDeps;
  maintenance: MaintenanceService;
  database: Database<AuthDb>;
  email: EmailService;
  close(): Promise<void>;
}

/** The composition root: config → db → stores → services (the only place that calls `new` on infrastructure). */
export async function createAuthContext(opts: AuthServiceOptions): Promise<AuthContext> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const adminEmails = adminEmailList(config.adminEmails);
  const authDir = join(config.dataDir, 'auth');
  const database = await openDb<AuthDb>({ url: config.databaseUrl, sqlitePath: join(authDir, 'auth.db'), schema: 'auth' });
  await migrateToLatest(database.db, migrations);
  const db = database.db;

  const mailer: Mailer = config.smtpHost
    ? new SmtpMailer({ host: config.smtpHost, port: config.smtpPort, secure: config.smtpSecure, user: config.smtpUser, pass: config.smtpPass, from: config.smtpFrom })
    : new LogMailer(log);
  const email = new EmailService(mailer, config.apiUrl, log);
  const users = new UserStore(db);
  const keys = new KeyService(
    new SigningKeyStore(db),
    { issuer: config.apiUrl, accessTokenTtl: config.accessTokenTtl, rotationDays: config.keyRotationDays, secret: jwtSecret(config, authDir, log) },
    clock,
  );
  await keys.init().catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  const tokens = new OneTimeTokenService(new OneTimeTokenStore(db), clock);
  const passwords = new PasswordService();
  const sessionStore = new SessionStore(db);
  const roles = new RoleService(users, adminEmails, clock);
  const sessions = new SessionService(db, sessionStore, keys, { refreshTokenTtl: config.refreshTokenTtl }, clock, roles);
  const limits = new RateLimitService(new RateLimitStore(db), { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits }, clock);
  const accounts = new AccountService(db, users, tokens, passwords, sessions, limits, email, clock);
  const identityStore = new IdentityStore(db);
  const signIn = new SignInService(users, accounts, tokens, passwords, sessions, limits, email, { magicLinkSignup: config.magicLinkSignup }, clock, identityStore);
  const recovery = new RecoveryService(users, tokens, passwords, sessions, limits, email, clock, identityStore);
  const api = new URL(config.apiUrl);
  const rp = { id: config.rpId ?? api.hostname, origin: config.rpOrigin ? new URL(config.rpOrigin).origin : api.origin, name: config.rpName };
  const passkeys = new PasskeyService(db, new PasskeyStore(db), users, sessions, limits, rp, clock, log);
  const identities = new IdentityService(db, identityStore, users, sessions, limits, clock);
  const google = config.googleClientId
    ? new GoogleVerifier({ clientId: config.googleClientId, jwksUrl: config.googleJwksUrl, extraIssuer: config.googleIssuer }, clock, log)
    : undefined;
  const franceConnect =
    config.franceConnectClientId && config.franceConnectClientSecret
      ? new FranceConnectService(
          {
            issuer: config.franceConnectIssuer,
            clientId: config.franceConnectClientId,
            clientSecret: config.franceConnectClientSecret,
            redirectUri: config.franceConnectRedirectUri ?? `${api.origin}/auth/franceconnect/callback`,
            postLogoutRedirectUri: config.franceConnectPostLogoutRedirectUri ?? `${api.origin}/`,
            scopes: config.franceConnectScopes,
            pkce: config.franceConnectPkce,
            alg: config.franceConnectAlg,
            allowHttp: new URL(config.franceConnectIssuer).protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(config.franceConnectIssuer).hostname),
          },
          identityStore,
          identities,
          sessionStore,
          clock,
          log,
        )
      : undefined;

  const credentials: CredentialsProvider =
    config.credentialsProvider === 'embedded'
      ? new EmbeddedStsProvider(
          {
            endpoint: config.s3Endpoint,
            stsEndpoint: config.s3StsEndpoint ?? config.s3Endpoint,
            region: config.s3Region,
            bucket: config.s3Bucket,
            audience: config.s3StsAudience,
            durationSeconds: config.credentialsTtl,
          },
          keys,
          log,
        )
      : new PresignedOnlyProvider(config.s3Bucket);

  const appDeps: AppDeps = {
    log,
    issuer: config.apiUrl,
    trustProxy: config.trustProxy,
    accounts,
    signIn,
    recovery,
    sessions,
    keys,
    passkeys,
    identities,
    google,
    franceConnect,
    credentials,
    cookie: { secure: config.cookieSecure, maxAge: config.refreshTokenTtl },
    ready: async () => {
      await db.selectFrom('signingKey').select('kid').limit(1).execute();
      return { database: 'ok' };
    },
  };
  const close = async (): Promise<void> => {
    await email.flush();
    mailer.close();
    credentials.close?.();
    await database.close();
  };
  return { appDeps, database, email, maintenance: new MaintenanceService(db, clock), close };
}

const SWEEP_INTERVAL_MS = 60 * 60_000;

export interface RunningAuthService {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Starts the auth service on AUTH_HOST:AUTH_PORT (port 0: a free port; the gateway proxies to it). */
export async function startAuthService(opts: AuthServiceOptions): Promise<RunningAuthService> {
  const ctx = await createAuthContext(opts);
  const app = await buildApp(ctx.appDeps);
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = (): void => {
    sweeping = ctx.maintenance.sweep().then(
      (n) => opts.log.debug(n, 'auth tables swept'),
      (err: unknown) => opts.log.warn({ err }, 'auth sweep failed'),
    );
  };
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  sweep();
  try {
    const url = await app.listen({ port: opts.config.port, host: opts.config.host });
    opts.log.info({ url, smtp: opts.config.smtpHost ?? 'log only' }, 'auth service listening');
    return {
      url,
      app,
      close: async () => {
        clearInterval(timer);
        await app.close();
        await sweeping;
        await ctx.close();
      },
    };
  } catch (err) {
    clearInterval(timer);
    await ctx.close();
    throw err;
  }
}

/**
 * JWT_SECRET protects the private signing keys at rest. When it is not set, one is generated on first
 * start and kept in DATA_DIR/auth/jwt-secret (readable by the owner only).
 */
function jwtSecret(config: AuthConfig, authDir: string, log: Logger): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = join(authDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(authDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  log.info({ file }, 'generated JWT_SECRET (encrypts the token signing keys); keep this file with the data');
  return secret;
}
