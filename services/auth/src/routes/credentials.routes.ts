import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './deps.ts';

export async function credentialsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  /** Seed 000: storage access for the signed-in user, limited to users/<id>/ (the gateway checked the token too). */
  app.get('/credentials', { preHandler: deps.authenticate }, async (req, reply) => {
    return reply.header('cache-control', 'no-store').send(await deps.credentials.issue(req.user!.id));
  });
}
