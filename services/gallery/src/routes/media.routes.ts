import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CheckHashesRequest, TimelineQuery, UpdateMediaRequest, type UpdateMediaRequest as Patch } from '@photocloud/contracts';
import type { Gallery } from '../wiring.ts';
import { userId } from './user.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type Id = { id: string };

/** Timeline, details, edits, trash of one media. */
export function mediaRoutes(gallery: Gallery): FastifyPluginAsync {
  return async (app) => {
    app.get('/media', { schema: { querystring: TimelineQuery } }, async (req) => gallery.media.timeline(userId(req), req.query as TimelineQuery));
    app.get('/media/buckets', { schema: { querystring: TimelineQuery } }, async (req) =>
      ({ buckets: await gallery.media.buckets(userId(req), req.query as TimelineQuery) }));
    app.post('/media/check', { schema: { body: CheckHashesRequest } }, async (req) =>
      gallery.media.checkHashes(userId(req), (req.body as { hashes: string[] }).hashes));
    app.get('/media/:id', { schema: { params: IdParams } }, async (req) => gallery.media.get(userId(req), (req.params as Id).id));
    app.patch('/media/:id', { schema: { params: IdParams, body: UpdateMediaRequest } }, async (req) =>
      gallery.media.update(userId(req), (req.params as Id).id, req.body as Patch));
    app.delete('/media/:id', { schema: { params: IdParams } }, async (req, reply) => {
      await gallery.media.trash(userId(req), (req.params as Id).id);
      return reply.status(204).send();
    });
  };
}

/** Trash: list, restore, empty now (purge otherwise happens after TRASH_DAYS). */
export function trashRoutes(gallery: Gallery): FastifyPluginAsync {
  const RestoreBody = Type.Object({ mediaIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10000 })) }, { additionalProperties: false });
  return async (app) => {
    app.get('/trash', async (req) => gallery.media.listTrash(userId(req)));
    app.post('/trash/restore', { schema: { body: Type.Optional(RestoreBody) } }, async (req) =>
      gallery.media.restore(userId(req), (req.body as { mediaIds?: string[] } | undefined)?.mediaIds));
    app.post('/trash/empty', async (req) => gallery.media.emptyTrash(userId(req)));
  };
}

/** Processing status, overall and for one media (`?mediaId=`). */
export function jobRoutes(gallery: Gallery): FastifyPluginAsync {
  const Query = Type.Object({ mediaId: Type.Optional(Type.String({ maxLength: 64 })) });
  return async (app) => {
    app.get('/jobs', { schema: { querystring: Query } }, async (req) => gallery.media.jobs(userId(req), (req.query as { mediaId?: string }).mediaId));
  };
}
