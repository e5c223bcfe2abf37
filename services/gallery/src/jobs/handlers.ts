import type { Kysely } from 'kysely';
import type { Clock, Logger } from '@photocloud/kit';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import type { JobHandlers } from '@photocloud/kit/jobs/worker';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { RecentOriginals } from '../blobs/recent-originals.ts';
import { layout } from '../blobs/layout.ts';
import type { GalleryDB } from '../db/schema.ts';
import type { AlbumIndexWriter } from '../services/album-index.ts';
import type { AlbumStore } from '../stores/album.store.ts';
import type { MediaStore } from '../stores/media.store.ts';
import type { SimilarStore } from '../stores/similar.store.ts';
import type { UploadStore } from '../stores/upload.store.ts';
import type { GalleryJobs } from './job-names.ts';
import { processMedia } from './process-media.ts';
import { sweepUploads } from './sweep-uploads.ts';
import { similarHandlers } from './similar-handlers.ts';
import { queueSimilarAssign } from './similar-queue.ts';

export interface HandlerDeps {
  db: Kysely<GalleryDB>;
  media: MediaStore;
  albums: AlbumStore;
  uploads: UploadStore;
  blobs: BlobStore;
  index: AlbumIndexWriter;
  queue: JobQueue<GalleryJobs>;
  clock: Clock;
  log: Logger;
  /** Media trashed before this instant are purged. */
  trashCutoff: () => string;
  /** Originals just uploaded through this process, so processing skips reading them back. */
  recent?: RecentOriginals | undefined;
  similar: SimilarStore;
  /** Hamming threshold for similar photos (SIMILAR_THRESHOLD). */
  similarThreshold: number;
  /** GALLERY_UPLOAD_TTL_SECONDS in ms, for the sweep of abandoned multipart uploads. */
  uploadTtlMs?: number | undefined;
}

const PAGE = 500;

/** The explicit job-name → handler map. Every handler is idempotent and may run again after a crash. */
export function galleryHandlers(d: HandlerDeps): JobHandlers<GalleryJobs> {
  return {
    'process-media': async ({ mediaId }, { log }) => {
      const result = await processMedia(mediaId, { media: d.media, blobs: d.blobs, log, now: () => d.clock.now(), recent: d.recent });
      // New photos join similar groups as they arrive, without a full detection run.
      if (result === 'done') await queueSimilarAssign(d.queue, mediaId);
      return result;
    },

    ...similarHandlers({ db: d.db, similar: d.similar, blobs: d.blobs, queue: d.queue, clock: d.clock, threshold: d.similarThreshold }),

    'purge-media': async ({ mediaId }) => {
      const row = await d.media.getById(mediaId);
      if (!row || !row.trashedAt) return 'skipped'; // restored meanwhile, or already purged
      const albums = await d.albums.albumIdsContaining([mediaId]);
      // Bytes first: a crash in between leaves a row to purge again, never a row without bytes.
      await d.blobs.deleteMany([row.objectKey, layout.thumbnail(row.ownerId, row.id), layout.preview(row.ownerId, row.id)]);
      await d.db.transaction().execute(async (trx) => {
        await trx.updateTable('album').set({ coverMediaId: null }).where('coverMediaId', '=', mediaId).execute();
        await trx.deleteFrom('albumMedia').where('mediaId', '=', mediaId).execute();
        await d.media.delete(mediaId, trx);
      });
      for (const a of albums) await d.index.writeOrQueue(a.ownerId, a.albumId);
      return 'done';
    },

    'purge-trash': async () => {
      const due = await d.media.trashedBefore(d.trashCutoff(), PAGE);
      for (const m of due) await d.queue.enqueue(null, 'purge-media', { mediaId: m.id }, { subject: m.id, again: true });
      // A full page means more are due: look again once these are queued.
      if (due.length === PAGE) return 'retry';
      return due.length > 0 ? 'done' : 'skipped';
    },

    'sweep-uploads': async () => {
      const removed = await sweepUploads({ uploads: d.uploads, media: d.media, blobs: d.blobs, log: d.log, now: d.clock.now(), uploadTtlMs: d.uploadTtlMs ?? 0 });
      return removed > 0 ? 'done' : 'skipped';
    },

    'album-index': async ({ ownerId, albumId }) => {
      await d.index.write(ownerId, albumId);
      return 'done';
    },
  };
}
