import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JWKS_PATH } from '@photocloud/contracts';
import { ConfigError, createLogger, loadConfig, onShutdown, type Closer, type ConfigSpec, type Logger } from '@photocloud/kit';
import { gatewayConfigSpec, startGateway } from '@photocloud/gateway';
import { s3ConfigSpec, startS3Service } from '@photocloud/s3';
import { authConfigSpec, startAuthService } from '@photocloud/auth';
import { galleryConfigSpec, startGalleryService } from '@photocloud/gallery';

/** Where `npm run build:web` puts the web app. */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export const SERVICE_NAMES = ['gateway', 'auth', 'gallery', 's3'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function allConfigSpecs(): Record<ServiceName, ConfigSpec> {
  return { gateway: gatewayConfigSpec, auth: authConfigSpec, gallery: galleryConfigSpec, s3: s3ConfigSpec };
}

/** Checks every service's configuration first, so one run reports every bad variable. */
function validate(env: NodeJS.ProcessEnv, names: readonly ServiceName[]): void {
  const problems = new Set<string>();
  const specs = allConfigSpecs();
  for (const name of names) {
    try {
      loadConfig(specs[name], env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      err.problems.forEach((p) => problems.add(p));
    }
  }
  if (problems.size > 0) throw new ConfigError([...problems]);
}

export interface Stack {
  /** Base URLs of what runs here: gateway, auth, gallery, s3. */
  urls: Partial<Record<ServiceName, string>>;
  /** What to tell the person who started it. */
  lines: string[];
  /** Closes the gateway first, then the services, in reverse start order. */
  closers: Closer[];
  close(): Promise<void>;
}

/**
 * Starts the services in one process (or one of them with `only`), wiring each to the others'
 * URLs: the embedded S3 endpoint and root key for the gallery, the auth JWKS for the gallery and gateway.
 */
export async function startStack(env: NodeJS.ProcessEnv, only?: ServiceName, log = loggers(env)): Promise<Stack> {
  const names = only ? [only] : SERVICE_NAMES;
  validate(env, names);
  const closers: Closer[] = [];
  const urls: Stack['urls'] = {};
  const wired: NodeJS.ProcessEnv = { ...env };
  const lines: string[] = [];

  if (!only && !env.S3_ENDPOINT) {
    // The embedded S3 service's STS trusts tokens signed by auth, which starts after it: reserve
    // auth's port now so the JWKS URL is known, and let auth hand out embedded STS credentials.
    wired.AUTH_PORT ??= String(await freePort(env.AUTH_HOST ?? '127.0.0.1'));
    wired.S3_STS_JWKS_URL ??= `http://${env.AUTH_HOST ?? '127.0.0.1'}:${wired.AUTH_PORT}${JWKS_PATH}`;
    wired.S3_STS_ISSUER ??= env.API_URL ?? loadConfig(gatewayConfigSpec, env).apiUrl;
    wired.CREDENTIALS_PROVIDER ??= 'embedded';
  }
  if (names.includes('s3') && !(only === undefined && env.S3_ENDPOINT)) {
    const s3 = await startS3Service({ config: loadConfig(s3ConfigSpec, wired), log: log('s3') });
    closers.unshift(s3.close);
    urls.s3 = s3.url;
    Object.assign(wired, { S3_ENDPOINT: s3.url, S3_ACCESS_KEY: s3.rootKey.accessKeyId, S3_SECRET_KEY: s3.rootKey.secretAccessKey });
    const keyFile = env.S3_ACCESS_KEY ? 'from S3_ACCESS_KEY / S3_SECRET_KEY' : join(resolve(env.DATA_DIR ?? 'data'), 's3', 'root-key.json');
    lines.push(`  S3 endpoint     ${s3.url}  (bucket ${env.S3_BUCKET ?? 'photocloud'})`, `  S3 root key     ${keyFile}`);
    // Browsers fetch photos and send uploads to S3 directly (presigned URLs): from other machines it must be reachable too.
    if (env.HOST && !/^(127\.|localhost$|::1$)/.test(env.HOST) && !env.S3_PUBLIC_URL) {
      lines.push('  Other machines  set S3_HOST=0.0.0.0 and S3_PUBLIC_URL=http://<this host>:<S3 port>: browsers load photos and upload straight from S3');
    }
  }
  if (names.includes('auth')) {
    const auth = await startAuthService({ config: loadConfig(authConfigSpec, wired), log: log('auth') });
    closers.unshift(auth.close);
    wired.AUTH_URL = urls.auth = auth.url;
    wired.AUTH_JWKS_URL ??= auth.url + JWKS_PATH;
    if (only) lines.push(`  Auth service    ${auth.url}`);
  }
  if (names.includes('gallery')) {
    const gallery = await startGalleryService({ config: loadConfig(galleryConfigSpec, wired), log: log('gallery') });
    closers.unshift(gallery.close);
    wired.GALLERY_URL = urls.gallery = gallery.url;
    if (only) lines.push(`  Gallery service ${gallery.url}`);
  }
  if (names.includes('gateway')) {
    const config = loadConfig(gatewayConfigSpec, wired);
    const gateway = await startGateway({
      config,
      log: log('gateway'),
      upstreams: { auth: wired.AUTH_URL, gallery: wired.GALLERY_URL },
      webRoot: env.WEB_DIR ?? WEB_DIST,
    });
    // The gateway closes first: it stops taking requests while the services finish theirs.
    closers.unshift(gateway.close);
    urls.gateway = gateway.url;
    lines.unshift(`  Web app and API ${config.apiUrl}  (listening on ${gateway.url})`);
  }
  const db = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite under ${resolve(env.DATA_DIR ?? 'data')}`;
  lines.push(`  Metadata        ${db}`);
  return {
    urls,
    lines,
    closers,
    close: async () => {
      for (const close of closers) await close();
    },
  };
}

/** A port free right now on `host` (the OS picks it; the caller binds it moments later). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function loggers(env: NodeJS.ProcessEnv): (service: string) => Logger {
  const level = env.LOG_LEVEL ?? 'info';
  return (service) => createLogger({ service, level });
}

/** `photocloud serve`: start, say where everything is, and stop cleanly on SIGTERM / SIGINT. */
export async function serve(env: NodeJS.ProcessEnv, only?: ServiceName): Promise<void> {
  const log = loggers(env);
  const stack = await startStack(env, only, log);
  onShutdown(log('photocloud'), stack.closers);
  process.stderr.write(`\nPhotoCloud is running${only ? ` (${only} only)` : ''}\n${stack.lines.join('\n')}\nStop with Ctrl+C.\n\n`);
}
