import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { createAccessTokenVerifier, createHttpApp, requireUser, type AccessTokenVerifier, type Logger } from '@photocloud/kit';
import { JWKS_PATH } from '@photocloud/contracts';
import type { GatewayConfig } from './config.ts';
import { forward, registerProxy } from './proxy.ts';
import { registerMetrics } from './metrics.ts';
import { registerWebApp } from './web.ts';
import { ROUTE_TABLE, type Upstream } from './routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which service a route forwards to (labels metrics). */
    upstream?: string;
  }
}

export interface GatewayDeps {
  config: GatewayConfig;
  log: Logger;
  /** Base URLs of the services; absent ones answer 503. */
  upstreams: Partial<Record<Upstream, string>>;
  /** The built web app (`apps/web/dist`); absent or unbuilt: API only. */
  webRoot?: string;
  /** Defaults to the auth service's JWKS over HTTP. */
  verifyAccessToken?: AccessTokenVerifier;
}

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The single entry point: health, metrics, CORS, rate limits, the JWT check, and the proxy table. */
export async function buildGateway(deps: GatewayDeps): Promise<FastifyInstance> {
  const { config, upstreams } = deps;
  const app = createHttpApp({ log: deps.log, trustProxy: config.trustProxy, ready: () => upstreamsReady(upstreams) });
  registerMetrics(app);
  const origins = config.corsOrigins.split(',').map((o) => o.trim()).filter(Boolean);
  await app.register(cors, { origin: origins.length > 0 ? origins : false, credentials: true, exposedHeaders: ['x-request-id', 'etag'] });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
    errorResponseBuilder: (req, ctx) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: `Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s.`, requestId: req.id },
    }),
  });
  await registerProxy(app);
  if (deps.webRoot) await registerWebApp(app, deps.webRoot);

  const verify =
    deps.verifyAccessToken ??
    (upstreams.auth ? createAccessTokenVerifier({ jwks: upstreams.auth + JWKS_PATH, issuer: config.apiUrl }) : undefined);
  for (const rule of ROUTE_TABLE) {
    const preHandler = rule.access === 'user' && verify ? [requireUser(verify)] : [];
    const handler = (req: Parameters<typeof forward>[0], reply: Parameters<typeof forward>[1]) =>
      forward(req, reply, upstreams[rule.upstream], rule.upstream);
    for (const url of [rule.prefix, `${rule.prefix}/*`]) {
      app.route({ method: [...ALL_METHODS], url, preHandler, handler, config: { upstream: rule.upstream } });
    }
  }
  return app;
}

async function upstreamsReady(upstreams: Partial<Record<Upstream, string>>): Promise<Record<string, 'ok'>> {
  const checks: Record<string, 'ok'> = {};
  for (const [name, base] of Object.entries(upstreams)) {
    if (!base) continue;
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3000) }).catch((err: Error) => {
      throw new Error(`${name}: ${err.message}`);
    });
    if (!res.ok) throw new Error(`${name}: /readyz answered ${res.status}`);
    checks[name] = 'ok';
  }
  return checks;
}
