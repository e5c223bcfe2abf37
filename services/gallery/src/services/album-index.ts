import type { Logger } from '@photocloud/kit';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import { PreconditionFailed, type BlobStore } from '../blobs/blob-store.ts';
import { layout } from '../blobs/layout.ts';
import type { GalleryJobs } from '../jobs/job-names.ts';
import type { AlbumStore } from '../stores/album.store.ts';

/** Version of the index.json format documented in services/gallery/README.md. */
export const ALBUM_INDEX_VERSION = 1;
const ATTEMPTS = 8;

/**
 * Keeps `users/<uid>/albums/<albumId>/index.json` equal to the catalog. Each write is conditional
 * on the ETag read just before (If-Match, or If-None-Match: * for the first one): when another
 * writer got in between, the catalog is read again and the write retried, so the last write always
 * carries the latest committed state and no entry is lost.
 */
export class AlbumIndexWriter {
  constructor(
    private readonly albums: AlbumStore,
    private readonly blobs: BlobStore,
    private readonly queue: JobQueue<GalleryJobs>,
    private readonly log: Logger,
  ) {}

  async write(ownerId: string, albumId: string): Promise<void> {
    const key = layout.albumIndex(ownerId, albumId);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const current = await this.blobs.head(key);
      const album = await this.albums.getForOwner(ownerId, albumId);
      if (!album) {
        await this.blobs.delete(key);
        return;
      }
      const entries = await this.albums.entries(albumId);
      const body = JSON.stringify({
        version: ALBUM_INDEX_VERSION,
        album: {
          id: album.id,
          ownerId,
          name: album.name,
          description: album.description,
          type: album.type,
          coverMediaId: album.coverMediaId,
          createdAt: album.createdAt,
          updatedAt: album.updatedAt,
        },
        media: entries.map((e) => ({
          id: e.mediaId,
          key: e.objectKey,
          name: e.originalName,
          type: e.mime,
          sha256: e.sha256,
          takenAt: e.takenAt,
          addedAt: e.addedAt,
        })),
      });
      try {
        const { etag } = await this.blobs.put(key, body, {
          contentType: 'application/json',
          ...(current ? { ifMatch: current.etag } : { ifNoneMatch: '*' as const }),
        });
        await this.albums.update(ownerId, albumId, { indexEtag: etag });
        return;
      } catch (err) {
        if (!(err instanceof PreconditionFailed)) throw err;
        this.log.debug({ albumId, attempt }, 'album index changed meanwhile; rewriting from the catalog');
      }
    }
    throw new Error(`album index ${key} kept changing during ${ATTEMPTS} attempts`);
  }

  /** Rewrites now; when S3 fails, a job retries later so the bucket catches up with the catalog. */
  async writeOrQueue(ownerId: string, albumId: string): Promise<void> {
    try {
      await this.write(ownerId, albumId);
    } catch (err) {
      this.log.warn({ err, albumId }, 'album index write failed; queued for retry');
      await this.queue.enqueue(null, 'album-index', { ownerId, albumId }, { key: `${albumId}:${Date.now()}` });
    }
  }
}
