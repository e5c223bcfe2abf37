import type { FastifyInstance } from 'fastify';
import { createHttpApp, requireUser, type AccessTokenVerifier, type Logger } from '@photocloud/kit';
import { adminRoutes } from './routes/admin.routes.ts';
import { albumRoutes } from './routes/albums.routes.ts';
import { jobRoutes, mediaRoutes, trashRoutes } from './routes/media.routes.ts';
import { sharePublicRoutes } from './routes/share-public.routes.ts';
import { shareRoutes } from './routes/share.routes.ts';
import { similarRoutes } from './routes/similar.routes.ts';
import { uploadRoutes } from './routes/upload.routes.ts';
import type { Gallery } from './wiring.ts';

export interface AppDeps {
  gallery: Gallery;
  log: Logger;
  verify: AccessTokenVerifier;
  maxUploadBytes: number;
  ready?: () => Promise<Record<string, 'ok'>>;
}

/** The gallery's HTTP API: every route but the probes and the share-link routes requires a valid access token. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = createHttpApp({ log: deps.log, trustProxy: 'loopback', ...(deps.ready ? { ready: deps.ready } : {}) });
  await app.register(async (api) => {
    // Checked on arrival, before any body is read.
    api.addHook('onRequest', requireUser(deps.verify));
    await api.register(mediaRoutes(deps.gallery));
    await api.register(trashRoutes(deps.gallery));
    await api.register(jobRoutes(deps.gallery));
    await api.register(albumRoutes(deps.gallery));
    await api.register(uploadRoutes(deps.gallery, deps.maxUploadBytes));
    await api.register(shareRoutes(deps.gallery));
    await api.register(similarRoutes(deps.gallery));
    await api.register(adminRoutes(deps.gallery));
  });
  // Share links open without an account (the gateway passes /s and /public through): the share
  // service checks the link, its state and its code on every request instead.
  await app.register(sharePublicRoutes(deps.gallery));
  return app;
}
