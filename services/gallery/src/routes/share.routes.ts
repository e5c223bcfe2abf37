import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CreateShareRequest, UpdateShareRequest, type CreateShareRequest as Create, type UpdateShareRequest as Update } from '@photocloud/contracts';
import type { Gallery } from '../wiring.ts';
import { userId } from './user.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type Id = { id: string };

/** The owner's share links, and the shares others made for the caller. */
export function shareRoutes(gallery: Gallery): FastifyPluginAsync {
  return async (app) => {
    app.post('/shares', { schema: { body: CreateShareRequest } }, async (req, reply) =>
      reply.status(201).send(await gallery.shares.create(userId(req), req.body as Create)));
    app.get('/shares', async (req) => ({ items: await gallery.shares.list(userId(req)) }));
    app.get('/shares/received', async (req) => ({ items: await gallery.shares.received(userId(req)) }));
    app.get('/shares/:id', { schema: { params: IdParams } }, async (req) => gallery.shares.get(userId(req), (req.params as Id).id));
    app.patch('/shares/:id', { schema: { params: IdParams, body: UpdateShareRequest } }, async (req) =>
      gallery.shares.update(userId(req), (req.params as Id).id, req.body as Update));
    app.delete('/shares/:id', { schema: { params: IdParams } }, async (req, reply) => {
      await gallery.shares.revoke(userId(req), (req.params as Id).id);
      return reply.status(204).send();
    });
  };
}
