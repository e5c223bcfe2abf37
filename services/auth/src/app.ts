import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { createAccessTokenVerifier, createHttpApp, requireUser, type Logger } from '@photocloud/kit';
import { credentialsRoutes } from './routes/credentials.routes.ts';
import { franceConnectRoutes } from './routes/franceconnect.routes.ts';
import { jwksRoutes } from './routes/jwks.routes.ts';
import { magicLinkRoutes } from './routes/magic-links.routes.ts';
import { passkeyRoutes } from './routes/passkeys.routes.ts';
import { providerRoutes } from './routes/providers.routes.ts';
import { passwordRoutes } from './routes/passwords.routes.ts';
import { sessionRoutes } from './routes/sessions.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import type { RouteDeps } from './routes/deps.ts';

export interface AppDeps extends Omit<RouteDeps, 'authenticate'> {
  log: Logger;
  /** The access-token issuer (API_URL). */
  issuer: string;
  /** fastify trustProxy: the gateway in front is on loopback by default. */
  trustProxy?: boolean | string | string[];
  ready?: () => Promise<Record<string, 'ok'>>;
}

/** Auth bodies are small; anything bigger than this is refused before parsing. */
const BODY_LIMIT = 16 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = createHttpApp({ log: deps.log, bodyLimit: BODY_LIMIT, trustProxy: deps.trustProxy ?? 'loopback', ...(deps.ready ? { ready: deps.ready } : {}) });
  await app.register(cookie);
  // A browser refreshing or logging out with only its cookie may send an empty JSON body: read it as none.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => (body === '' ? done(null, undefined) : json(req, body as string, done)));
  // The service checks its own tokens with the same verifier as everyone else, against its current key set.
  const getKey: JWTVerifyGetKey = async (header, token) => createLocalJWKSet(await deps.keys.jwks())(header, token);
  const verify = createAccessTokenVerifier({ jwks: getKey, issuer: deps.issuer });
  const authenticate: RouteDeps['authenticate'] = [
    requireUser(verify),
    async (req) => deps.sessions.assertActive(req.user!.sessionId, req.user!.id),
  ];
  const routeDeps: RouteDeps = { ...deps, authenticate };
  await app.register(sessionRoutes, routeDeps);
  await app.register(userRoutes, routeDeps);
  await app.register(passwordRoutes, routeDeps);
  await app.register(magicLinkRoutes, routeDeps);
  await app.register(passkeyRoutes, routeDeps);
  await app.register(providerRoutes, routeDeps);
  await app.register(franceConnectRoutes, routeDeps);
  await app.register(credentialsRoutes, routeDeps);
  await app.register(jwksRoutes, routeDeps);
  return app;
}
