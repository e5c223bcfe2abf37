import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ResolveSimilarRequest, SimilarGroupsQuery } from '@photocloud/contracts';
import type { Gallery } from '../wiring.ts';
import { userId } from './user.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type Id = { id: string };

/** Similar photos: detection job and its progress, groups to review, resolve or dismiss. */
export function similarRoutes(gallery: Gallery): FastifyPluginAsync {
  return async (app) => {
    app.post('/similar/detect', async (req, reply) => reply.status(202).send(await gallery.similar.detect(userId(req))));
    app.get('/similar/jobs/latest', async (req) => gallery.similar.latestJob(userId(req)));
    app.get('/similar/jobs/:id', { schema: { params: IdParams } }, async (req) => gallery.similar.job(userId(req), (req.params as Id).id));
    app.get('/similar/groups', { schema: { querystring: SimilarGroupsQuery } }, async (req) => gallery.similar.groups(userId(req), req.query as SimilarGroupsQuery));
    app.post('/similar/groups/:id/resolve', { schema: { params: IdParams, body: ResolveSimilarRequest } }, async (req) =>
      gallery.similar.resolve(userId(req), (req.params as Id).id, (req.body as ResolveSimilarRequest).keep));
    app.post('/similar/groups/:id/dismiss', { schema: { params: IdParams } }, async (req) => gallery.similar.dismiss(userId(req), (req.params as Id).id));
  };
}
