import type { FastifyInstance } from 'fastify';
import type { Logger } from '@photocloud/kit';
import { buildGateway } from './app.ts';
import type { GatewayConfig } from './config.ts';
import type { Upstream } from './routes.ts';

export { buildGateway, type GatewayDeps } from './app.ts';
export { gatewayConfigSpec, type GatewayConfig } from './config.ts';
export { isPageNavigation } from './web.ts';
export { ROUTE_TABLE, matchRoute, type RouteRule, type Upstream } from './routes.ts';

export interface RunningGateway {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startGateway(opts: {
  config: GatewayConfig;
  log: Logger;
  upstreams: Partial<Record<Upstream, string>>;
  webRoot?: string;
}): Promise<RunningGateway> {
  const app = await buildGateway(opts);
  const url = await app.listen({ port: opts.config.port, host: opts.config.host });
  return { url, app, close: () => app.close() };
}
