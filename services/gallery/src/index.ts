import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import { createAccessTokenVerifier, migrateToLatest, openDb, systemClock, type Clock, type Logger } from '@photocloud/kit';
import { buildApp } from './app.ts';
import { BlobStore } from './blobs/blob-store.ts';
import { corsOrigins, ensureUploadCors } from './blobs/bucket-cors.ts';
import type { GalleryConfig } from './config.ts';
import { GALLERY_MIGRATIONS } from './db/migrations.ts';
import type { GalleryDB } from './db/schema.ts';
import { configureSharp } from './imaging/thumbnail.ts';
import { createGallery, type Gallery } from './wiring.ts';

export { galleryConfigSpec, type GalleryConfig } from './config.ts';
export type { Gallery } from './wiring.ts';

export interface StartGalleryOptions {
  config: GalleryConfig;
  log: Logger;
  clock?: Clock;
  /** Access-token keys; default: the auth service's JWKS at AUTH_JWKS_URL. */
  jwks?: JWTVerifyGetKey;
}

export interface GalleryService {
  url: string;
  app: FastifyInstance;
  gallery: Gallery;
  close(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

/** Composition root: catalog, bucket, jobs, HTTP. */
export async function startGalleryService({ config, log, clock = systemClock, jwks }: StartGalleryOptions): Promise<GalleryService> {
  if (!config.s3AccessKey || !config.s3SecretKey) throw new Error('S3_ACCESS_KEY and S3_SECRET_KEY are required to reach S3_ENDPOINT');
  configureSharp();
  const database = await openDb<GalleryDB>({
    url: config.databaseUrl,
    sqlitePath: join(resolve(config.dataDir), 'gallery', 'gallery.db'),
    schema: 'gallery',
  });
  try {
    await migrateToLatest(database.db, GALLERY_MIGRATIONS);
    const blobs = new BlobStore({
      endpoint: config.s3Endpoint,
      region: config.s3Region,
      bucket: config.s3Bucket,
      accessKeyId: config.s3AccessKey,
      secretAccessKey: config.s3SecretKey,
      publicEndpoint: config.s3PublicUrl,
    });
    await blobs.ensureBucket();
    await allowBrowserUploads(blobs, config, log);
    const gallery = createGallery({ database, blobs, config, clock, log });
    const verify = createAccessTokenVerifier({ jwks: jwks ?? config.authJwksUrl, issuer: config.authIssuer });
    const app = await buildApp({ gallery, log, verify, maxUploadBytes: config.maxUploadBytes });
    const url = await app.listen({ port: config.port, host: config.host });
    if (config.workerConcurrency > 0) gallery.worker.start();
    const housekeeping = async (): Promise<void> => {
      const now = clock.now().toISOString();
      await gallery.queue.enqueue(null, 'purge-trash', { day: now.slice(0, 10) });
      await gallery.queue.enqueue(null, 'sweep-uploads', { hour: now.slice(0, 13) });
      gallery.worker.notify();
    };
    const timer = setInterval(() => void housekeeping().catch((err) => log.error({ err }, 'could not queue housekeeping jobs')), HOUR_MS);
    timer.unref();
    await housekeeping();
    log.info({ url }, 'gallery service listening');
    return {
      url: url.replace('0.0.0.0', '127.0.0.1'),
      app,
      gallery,
      close: async () => {
        clearInterval(timer);
        await app.close();
        await gallery.worker.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** Browsers PUT direct uploads to S3, another origin: the bucket must allow it (CORS). Not fatal: uploads then go through the API. */
async function allowBrowserUploads(blobs: BlobStore, config: GalleryConfig, log: Logger): Promise<void> {
  const origins = corsOrigins(config.uploadCorsOrigins);
  if (!config.directUploads || !origins) return;
  try {
    if ((await ensureUploadCors(blobs, origins)) === 'written') log.info({ origins }, 'bucket CORS rule for browser uploads written');
  } catch (err) {
    log.warn({ err }, 'could not set the bucket CORS rule for browser uploads (UPLOAD_CORS_ORIGINS); set it on the bucket yourself or set DIRECT_UPLOADS=false');
  }
}
