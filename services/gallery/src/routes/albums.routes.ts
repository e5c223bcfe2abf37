import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  AlbumMediaRequest,
  AlbumOrderRequest,
  CreateAlbumRequest,
  UpdateAlbumRequest,
  type CreateAlbumRequest as Create,
  type UpdateAlbumRequest as Update,
} from '@photocloud/contracts';
import type { Gallery } from '../wiring.ts';
import { userId } from './user.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type Id = { id: string };
type Ids = { mediaIds: string[] };

/** Albums CRUD, membership and order. */
export function albumRoutes(gallery: Gallery): FastifyPluginAsync {
  return async (app) => {
    app.get('/albums', async (req) => ({ items: await gallery.albums.list(userId(req)) }));
    app.post('/albums', { schema: { body: CreateAlbumRequest } }, async (req, reply) =>
      reply.status(201).send(await gallery.albums.create(userId(req), req.body as Create)));
    app.get('/albums/:id', { schema: { params: IdParams } }, async (req) => gallery.albums.get(userId(req), (req.params as Id).id));
    app.patch('/albums/:id', { schema: { params: IdParams, body: UpdateAlbumRequest } }, async (req) =>
      gallery.albums.update(userId(req), (req.params as Id).id, req.body as Update));
    app.delete('/albums/:id', { schema: { params: IdParams } }, async (req, reply) => {
      await gallery.albums.delete(userId(req), (req.params as Id).id);
      return reply.status(204).send();
    });
    app.post('/albums/:id/media', { schema: { params: IdParams, body: AlbumMediaRequest } }, async (req) =>
      gallery.albums.addMedia(userId(req), (req.params as Id).id, (req.body as Ids).mediaIds));
    app.delete('/albums/:id/media', { schema: { params: IdParams, body: AlbumMediaRequest } }, async (req) =>
      gallery.albums.removeMedia(userId(req), (req.params as Id).id, (req.body as Ids).mediaIds));
    app.put('/albums/:id/order', { schema: { params: IdParams, body: AlbumOrderRequest } }, async (req) =>
      gallery.albums.reorder(userId(req), (req.params as Id).id, (req.body as Ids).mediaIds));
  };
}
