import type { FastifyInstance } from 'fastify';
import { createHttpApp, requireUser, type AccessTokenVerifier, type Logger } from '@photocloud/kit';
import { albumRoutes } from './routes/albums.routes.ts';
import { jobRoutes, mediaRoutes, trashRoutes } from './routes/media.routes.ts';
import { uploadRoutes } from './routes/upload.routes.ts';
import type { Gallery } from './wiring.ts';

export interface AppDeps {
  gallery: Gallery;
  log: Logger;
  verify: AccessTokenVerifier;
  maxUploadBytes: number;
  ready?: () => Promise<Record<string, 'ok'>>;
}

/** The gallery's HTTP API: every route but the probes requires a valid access token. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = createHttpApp({ log: deps.log, ...(deps.ready ? { ready: deps.ready } : {}) });
  await app.register(async (api) => {
    // Checked on arrival, before any body is read.
    api.addHook('onRequest', requireUser(deps.verify));
    await api.register(mediaRoutes(deps.gallery));
    await api.register(trashRoutes(deps.gallery));
    await api.register(jobRoutes(deps.gallery));
    await api.register(albumRoutes(deps.gallery));
    await api.register(uploadRoutes(deps.gallery, deps.maxUploadBytes));
  });
  return app;
}
