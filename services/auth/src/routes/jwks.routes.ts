import type { FastifyInstance } from 'fastify';
import { JWKS_PATH } from '@photocloud/contracts';
import type { RouteDeps } from './deps.ts';

export async function jwksRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Verifiers cache the set and re-fetch on an unknown `kid`, so a short max-age is enough for rotation.
  app.get(JWKS_PATH, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300, stale-while-revalidate=60');
    return deps.keys.jwks();
  });
}
