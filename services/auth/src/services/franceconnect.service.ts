import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { AppError, type Clock, type Logger } from '@photocloud/kit';
import type { Identity } from '@photocloud/contracts';
import type { IdentityStore } from '../stores/identity.store.ts';
import type { SessionStore } from '../stores/session.store.ts';
import type { IdentityService, ProviderProfile } from './identity.service.ts';
import type { RequestContext, SignIn } from './user.mapper.ts';

export interface FranceConnectOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  pkce: boolean;
  /** ES256 or RS256: the id_token and the userinfo JWT must be signed with it. */
  alg: string;
  /** Tests only: the local provider speaks plain HTTP on loopback. */
  allowHttp?: boolean;
}

/** Authentication levels FranceConnect may answer for acr_values=eidas1 (it may only go up). */
const ACCEPTED_ACR = new Set(['eidas1', 'eidas2', 'eidas3']);
/** How long the user may spend at FranceConnect between start and callback. */
export const OIDC_LOGIN_TTL_SEC = 600;

export type CallbackResult = { kind: 'signIn'; signIn: SignIn } | { kind: 'linked'; identity: Identity };

/**
 * FranceConnect (OpenID Connect, authorization code flow) with openid-client: state and nonce of
 * 64 hex characters kept server-side, eidas1, client_secret_post, signed id_token and userinfo whose
 * signatures are checked (non-repudiation), and logout through the end-session endpoint.
 */
export class FranceConnectService {
  private server: oidc.ServerMetadata | undefined;
  private jwks: oidc.ExportedJWKSCache | undefined;

  constructor(
    private readonly opts: FranceConnectOptions,
    private readonly store: IdentityStore,
    private readonly identities: IdentityService,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Starts a sign-in (or, with `linkUserId`, a link from settings); the state goes in a cookie too. */
  async start(linkUserId: string | null): Promise<{ url: string; state: string }> {
    const config = await this.config();
    const state = randomBytes(32).toString('hex');
    const nonce = randomBytes(32).toString('hex');
    const codeVerifier = this.opts.pkce ? oidc.randomPKCECodeVerifier() : null;
    const expiresAt = new Date(this.clock.now().getTime() + OIDC_LOGIN_TTL_SEC * 1000).toISOString();
    await this.store.createLogin({ state, provider: 'franceconnect', nonce, codeVerifier, linkUserId, expiresAt });
    const params: Record<string, string> = {
      redirect_uri: this.opts.redirectUri,
      scope: this.opts.scopes,
      state,
      nonce,
      acr_values: 'eidas1',
      prompt: 'login consent',
    };
    if (codeVerifier) {
      params.code_challenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
      params.code_challenge_method = 'S256';
    }
    return { url: oidc.buildAuthorizationUrl(config, params).href, state };
  }

  /** `browserState`: the state cookie set by start(); without it the callback did not begin in this browser. */
  async callback(params: { code: string; state: string; iss?: string | undefined }, browserState: string | undefined, ctx: RequestContext): Promise<CallbackResult> {
    const { code, state } = params;
    if (!browserState || browserState !== state) throw new AppError('OIDC_STATE_INVALID');
    const login = await this.store.consumeLogin(state, 'franceconnect', this.clock.now().toISOString());
    if (!login) throw new AppError('OIDC_STATE_INVALID');
    const config = await this.config();
    const current = new URL(this.opts.redirectUri);
    current.searchParams.set('code', code);
    current.searchParams.set('state', state);
    // RFC 9207: a provider that announces `iss` in its responses has it checked.
    if (params.iss) current.searchParams.set('iss', params.iss);
    let profile: ProviderProfile;
    let idToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        expectedState: state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
        ...(login.codeVerifier ? { pkceCodeVerifier: login.codeVerifier } : {}),
      });
      const claims = tokens.claims()!;
      if (typeof claims.acr !== 'string' || !ACCEPTED_ACR.has(claims.acr)) throw new AppError('PROVIDER_TOKEN_INVALID', { message: 'FranceConnect did not confirm the expected authentication level.' });
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      idToken = tokens.id_token!;
      profile = {
        provider: 'franceconnect',
        subject: claims.sub,
        email: typeof info.email === 'string' ? info.email : null,
        // FranceConnect passes on the identity provider's email without vouching for it.
        emailVerified: false,
        givenName: typeof info.given_name === 'string' ? info.given_name.slice(0, 100) : null,
        familyName: typeof info.family_name === 'string' ? info.family_name.slice(0, 100) : null,
        birthDate: typeof info.birthdate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(info.birthdate) ? info.birthdate : null,
      };
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.log.info({ reason: (err as Error).message, code: (err as { code?: string }).code }, 'franceconnect callback refused');
      throw new AppError('PROVIDER_TOKEN_INVALID', { cause: err });
    } finally {
      this.jwks = oidc.getJwksCache(config) ?? this.jwks;
    }
    if (login.linkUserId) return { kind: 'linked', identity: await this.identities.link(login.linkUserId, profile) };
    return { kind: 'signIn', signIn: await this.identities.signIn(profile, { ...ctx, providerIdToken: idToken }) };
  }

  /** The end-session URL for a session that began with FranceConnect (undefined for any other session). */
  async logoutUrl(sessionId: string): Promise<string | undefined> {
    const session = await this.sessions.getById(sessionId);
    if (!session?.providerIdToken) return undefined;
    const config = await this.config();
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: session.providerIdToken,
      state: randomBytes(32).toString('hex'),
      post_logout_redirect_uri: this.opts.postLogoutRedirectUri,
    }).href;
  }

  /**
   * A fresh Configuration per use over the discovered metadata, carrying the key set over. Marking the
   * cached set at least a minute old makes openid-client fetch it again, once, when a token names a
   * key id it does not hold (FranceConnect rotating its keys), instead of refusing the sign-in.
   */
  private async config(): Promise<oidc.Configuration> {
    if (!this.server) {
      const discovered = await oidc
        .discovery(new URL(this.opts.issuer), this.opts.clientId, undefined, oidc.ClientSecretPost(this.opts.clientSecret), this.opts.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {})
        .catch((err: unknown) => {
          this.log.warn({ err, issuer: this.opts.issuer }, 'franceconnect discovery failed');
          throw new AppError('UPSTREAM_FAILED', { message: 'FranceConnect is not reachable right now.', cause: err });
        });
      this.server = discovered.serverMetadata();
    }
    // Userinfo must come as a JWT signed with the registered algorithm: plain JSON is refused.
    const metadata = { client_secret: this.opts.clientSecret, id_token_signed_response_alg: this.opts.alg, userinfo_signed_response_alg: this.opts.alg };
    const config = new oidc.Configuration(this.server, this.opts.clientId, metadata, oidc.ClientSecretPost(this.opts.clientSecret));
    if (this.opts.allowHttp) oidc.allowInsecureRequests(config);
    oidc.enableNonRepudiationChecks(config);
    if (this.jwks) {
      // openid-client ages the set by the real time, not the service clock.
      const minuteAgo = Math.floor(Date.now() / 1000) - 60;
      oidc.setJwksCache(config, { ...this.jwks, uat: Math.min(this.jwks.uat, minuteAgo) });
    }
    return config;
  }
}
