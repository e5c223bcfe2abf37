import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CreateBucketRequest } from '@photocloud/contracts';
import { AppError, bearerToken, type AccessTokenVerifier } from '@photocloud/kit';
import type { Gallery } from '../wiring.ts';
import { userId } from './user.ts';

/** Lets only tokens carrying the admin role through (after `requireUser` has checked the token itself). */
function requireAdmin(verify: AccessTokenVerifier) {
  return async (req: FastifyRequest): Promise<void> => {
    // Verified tokens are cached, so reading the claims again costs a map lookup.
    const claims = await verify(bearerToken(req) ?? '');
    if (claims.role !== 'admin') {
      throw new AppError('FORBIDDEN', { message: 'Only administrators can manage storage buckets (photocloud admin promote <email> gives the role).' });
    }
  };
}

/** Administration: storage buckets (seed 002's bucket creation sequence). */
export function adminRoutes(gallery: Gallery, verify: AccessTokenVerifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', requireAdmin(verify));
    app.get('/admin/buckets', async () => ({ items: await gallery.buckets.list() }));
    app.post('/admin/buckets', { schema: { body: CreateBucketRequest } }, async (req, reply) =>
      reply.status(201).send(await gallery.buckets.create(userId(req), (req.body as CreateBucketRequest).name)));
  };
}
