import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CreateBucketRequest } from '@photocloud/contracts';
import { AppError } from '@photocloud/kit';
import type { Gallery } from '../wiring.ts';
import { userId } from './user.ts';

/** Lets only tokens carrying the admin role through (`requireUser` has already checked the token and read its role). */
async function requireAdmin(req: FastifyRequest): Promise<void> {
  if (req.user?.role !== 'admin') {
    throw new AppError('FORBIDDEN', { message: 'Only administrators can manage storage buckets (photocloud admin promote <email> gives the role).' });
  }
}

/** Administration: storage buckets (seed 002's bucket creation sequence). */
export function adminRoutes(gallery: Gallery): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', requireAdmin);
    app.get('/admin/buckets', async () => ({ items: await gallery.buckets.list() }));
    app.post('/admin/buckets', { schema: { body: CreateBucketRequest } }, async (req, reply) =>
      reply.status(201).send(await gallery.buckets.create(userId(req), (req.body as CreateBucketRequest).name)));
  };
}
