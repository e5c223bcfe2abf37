import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  CreateShareRequest,
  ShareViewQuery,
  UpdateShareRequest,
  type CreateShareRequest as Create,
  type UpdateShareRequest as Update,
} from '@photocloud/contracts';
import type { Gallery } from '../wiring.ts';
import { attachment } from './share-public.routes.ts';
import { recipient, userId } from './user.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ItemParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), mediaId: Type.String({ minLength: 1, maxLength: 64 }) });
type Id = { id: string };

/** The owner's share links, and the shares others made for the caller (listed, and opened without link or code). */
export function shareRoutes(gallery: Gallery): FastifyPluginAsync {
  return async (app) => {
    app.post('/shares', { schema: { body: CreateShareRequest } }, async (req, reply) =>
      reply.status(201).send(await gallery.shares.create(userId(req), req.body as Create)));
    app.get('/shares', async (req) => ({ items: await gallery.shares.list(userId(req)) }));
    app.get('/shares/received', async (req) => ({ items: await gallery.shares.received(recipient(req)) }));
    app.get('/shares/received/:id', { schema: { params: IdParams, querystring: ShareViewQuery } }, async (req) =>
      gallery.shareAccess.receivedView(recipient(req), (req.params as Id).id, req.query as ShareViewQuery));
    app.get('/shares/received/:id/items/:mediaId/original', { schema: { params: ItemParams } }, async (req, reply) => {
      const { id, mediaId } = req.params as Id & { mediaId: string };
      const file = await gallery.shareAccess.receivedOriginal(recipient(req), id, mediaId);
      return reply.type(file.contentType).header('content-disposition', attachment(file.filename)).send(file.stream);
    });
    app.get('/shares/received/:id/download', { schema: { params: IdParams } }, async (req, reply) => {
      const zip = await gallery.shareAccess.receivedDownload(recipient(req), (req.params as Id).id);
      return reply.type('application/zip').header('content-disposition', attachment(zip.filename)).send(zip.stream);
    });
    app.get('/shares/:id', { schema: { params: IdParams } }, async (req) => gallery.shares.get(userId(req), (req.params as Id).id));
    app.patch('/shares/:id', { schema: { params: IdParams, body: UpdateShareRequest } }, async (req) =>
      gallery.shares.update(userId(req), (req.params as Id).id, req.body as Update));
    app.delete('/shares/:id', { schema: { params: IdParams } }, async (req, reply) => {
      await gallery.shares.revoke(userId(req), (req.params as Id).id);
      return reply.status(204).send();
    });
  };
}
