import type { Clock, Database, Logger } from '@photocloud/kit';
import { JobQueue } from '@photocloud/kit/jobs/queue';
import { JobWorker } from '@photocloud/kit/jobs/worker';
import type { BlobStore } from './blobs/blob-store.ts';
import { RecentOriginals } from './blobs/recent-originals.ts';
import type { GalleryConfig } from './config.ts';
import type { GalleryDB } from './db/schema.ts';
import { galleryHandlers } from './jobs/handlers.ts';
import type { GalleryJobs } from './jobs/job-names.ts';
import { AlbumIndexWriter } from './services/album-index.ts';
import { AlbumService } from './services/album.service.ts';
import { BucketService } from './services/bucket.service.ts';
import { IngestService } from './services/ingest.service.ts';
import { MediaService } from './services/media.service.ts';
import { ShareAccessService } from './services/share-access.service.ts';
import { ShareService } from './services/share.service.ts';
import { SimilarService } from './services/similar.service.ts';
import { AlbumStore } from './stores/album.store.ts';
import { BucketStore } from './stores/bucket.store.ts';
import { MediaStore } from './stores/media.store.ts';
import { ShareStore } from './stores/share.store.ts';
import { SimilarStore } from './stores/similar.store.ts';
import { UploadStore } from './stores/upload.store.ts';

export interface Gallery {
  media: MediaService;
  albums: AlbumService;
  ingest: IngestService;
  shares: ShareService;
  shareAccess: ShareAccessService;
  similar: SimilarService;
  buckets: BucketService;
  queue: JobQueue<GalleryJobs>;
  worker: JobWorker<GalleryJobs>;
  stores: { media: MediaStore; albums: AlbumStore; uploads: UploadStore; shares: ShareStore };
  blobs: BlobStore;
}

type Config = Pick<
  GalleryConfig,
  'maxUploadBytes' | 'userQuotaBytes' | 'uploadTtlSeconds' | 'wholeBodyBytes' | 'presignTtlSeconds' | 'trashDays' | 'workerConcurrency' | 'similarThreshold'
  | 'directUploads' | 'multipartThresholdBytes' | 'uploadPartBytes'
>;
type ShareSettings = Pick<GalleryConfig, 'shareUrlTtlSeconds' | 'shareMaxDays' | 'shareAllowNever' | 'shareSecureCookie'>;

/** Builds stores, services, queue and worker over an open database and blob store (no I/O here). */
export function createGallery(opts: { database: Database<GalleryDB>; blobs: BlobStore; config: Config & ShareSettings; clock: Clock; log: Logger }): Gallery {
  const { database, blobs, config, clock, log } = opts;
  const db = database.db;
  const media = new MediaStore(db);
  const albums = new AlbumStore(db);
  const uploads = new UploadStore(db);
  const shares = new ShareStore(db);
  const similar = new SimilarStore(db);
  const queue = new JobQueue<GalleryJobs>(db, { dialect: database.dialect, clock });
  const index = new AlbumIndexWriter(albums, blobs, queue, log);
  const mediaService = new MediaService(db, media, albums, blobs, index, queue, clock, config);
  // Only useful when this process also runs the worker; otherwise the job reads from S3.
  const recent = config.workerConcurrency > 0 ? new RecentOriginals() : undefined;
  const handlers = galleryHandlers({ db, media, albums, uploads, blobs, index, queue, clock, log, trashCutoff: () => mediaService.trashCutoff(), recent, similar, similarThreshold: config.similarThreshold, uploadTtlMs: config.uploadTtlSeconds * 1000 });
  // SQLite has one writer: a single worker process; PostgreSQL workers may run anywhere (SKIP LOCKED).
  const worker = new JobWorker(queue, handlers, { log: log.child({ component: 'jobs' }), concurrency: Math.max(1, config.workerConcurrency) });
  return {
    media: mediaService,
    albums: new AlbumService(db, albums, index, clock),
    shares: new ShareService(db, shares, albums, clock, config),
    shareAccess: new ShareAccessService(shares, albums, blobs, clock, config),
    ingest: new IngestService(db, media, uploads, blobs, queue, clock, config, log, () => worker.notify(), recent),
    similar: new SimilarService(db, similar, albums, blobs, index, queue, clock, config, () => worker.notify()),
    buckets: new BucketService(new BucketStore(db), blobs.client, clock, log),
    queue,
    worker,
    stores: { media, albums, uploads, shares },
    blobs,
  };
}
