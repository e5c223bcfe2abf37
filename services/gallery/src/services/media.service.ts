import type { Kysely } from 'kysely';
import type { CheckHashesResponse, JobsOverview, MediaDetail, MediaPage, MonthBucket, TimelineQuery, UpdateMediaRequest } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout } from '../blobs/layout.ts';
import type { GalleryDB } from '../db/schema.ts';
import type { GalleryJobs } from '../jobs/job-names.ts';
import type { AlbumStore } from '../stores/album.store.ts';
import type { MediaStore, TimelineFilter } from '../stores/media.store.ts';
import type { AlbumIndexWriter } from './album-index.ts';
import { decodeCursor, encodeCursor, toMedia } from './mappers.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Timeline, media details and edits, trash. Every method acts for one user and sees only their media. */
export class MediaService {
  constructor(
    private readonly db: Kysely<GalleryDB>,
    private readonly media: MediaStore,
    private readonly albums: AlbumStore,
    private readonly blobs: BlobStore,
    private readonly index: AlbumIndexWriter,
    private readonly queue: JobQueue<GalleryJobs>,
    private readonly clock: Clock,
    private readonly config: { presignTtlSeconds: number; trashDays: number },
  ) {}

  async timeline(userId: string, q: TimelineQuery): Promise<MediaPage> {
    const limit = q.limit ?? 100;
    const filter = await this.#filter(userId, q);
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = await this.media.timeline(userId, filter, cursor, limit);
    const last = rows.at(-1);
    // A thumbnail URL per tile (a few microseconds each with our signer) spares the client one detail request per tile.
    const ttl = this.config.presignTtlSeconds;
    const items = rows.map((r) => (r.hasThumbnail ? { ...toMedia(r), thumbUrl: this.blobs.signGet(layout.thumbnail(userId, r.id), ttl) } : toMedia(r)));
    return { items, nextCursor: rows.length === limit && last ? encodeCursor({ takenAt: last.takenAt, id: last.id }) : null };
  }

  async buckets(userId: string, q: TimelineQuery): Promise<MonthBucket[]> {
    return this.media.monthBuckets(userId, await this.#filter(userId, q));
  }

  async #filter(userId: string, q: TimelineQuery): Promise<TimelineFilter> {
    if (q.albumId && !(await this.albums.getForOwner(userId, q.albumId))) throw new AppError('ALBUM_NOT_FOUND');
    return { favorite: q.favorite, kind: q.kind, from: q.from && iso(q.from), to: q.to && iso(q.to), albumId: q.albumId };
  }

  /** Metadata plus short-lived URLs for each rendition; the bytes never go through the API. */
  async get(userId: string, id: string): Promise<MediaDetail> {
    const row = await this.media.getForOwner(userId, id);
    if (!row || row.status === 'uploading') throw new AppError('MEDIA_NOT_FOUND');
    const ttl = this.config.presignTtlSeconds;
    const [thumbnail, preview, original, albumIds] = await Promise.all([
      row.hasThumbnail ? this.blobs.presignGet(layout.thumbnail(userId, id), ttl) : null,
      row.hasPreview ? this.blobs.presignGet(layout.preview(userId, id), ttl) : null,
      this.blobs.presignGet(row.objectKey, ttl, row.originalName),
      this.media.albumIds(id),
    ]);
    const expiresAt = new Date(this.clock.now().getTime() + ttl * 1000).toISOString();
    return { ...toMedia(row), urls: { thumbnail, preview, original, expiresAt }, albumIds };
  }

  async update(userId: string, id: string, patch: UpdateMediaRequest): Promise<MediaDetail> {
    if (patch.isFavorite === undefined && patch.description === undefined && patch.takenAt === undefined) {
      throw new AppError('VALIDATION_FAILED', { message: 'Nothing to change: send isFavorite, description or takenAt.' });
    }
    const set: Parameters<MediaStore['update']>[2] = { updatedAt: this.clock.now().toISOString() };
    if (patch.isFavorite !== undefined) set.isFavorite = patch.isFavorite ? 1 : 0;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.takenAt !== undefined) Object.assign(set, { takenAt: iso(patch.takenAt), takenAtOffset: null, takenAtSource: 'user' });
    const row = await this.media.update(userId, id, set);
    if (!row || row.status === 'uploading') throw new AppError('MEDIA_NOT_FOUND');
    if (patch.takenAt !== undefined) await this.#rewriteIndexes([id]);
    return this.get(userId, id);
  }

  async checkHashes(userId: string, hashes: string[]): Promise<CheckHashesResponse> {
    const found = await this.media.existingHashes(userId, [...new Set(hashes.map((h) => h.toLowerCase()))]);
    return { existing: found.map((f) => ({ hash: f.sha256, mediaId: f.id })) };
  }

  async trash(userId: string, id: string): Promise<void> {
    const now = this.clock.now().toISOString();
    const row = await this.media.getForOwner(userId, id);
    if (!row || row.status === 'uploading') throw new AppError('MEDIA_NOT_FOUND');
    if (row.trashedAt) return;
    await this.media.update(userId, id, { trashedAt: now, updatedAt: now });
    await this.#rewriteIndexes([id]);
  }

  async listTrash(userId: string): Promise<MediaPage> {
    const rows = await this.media.listTrash(userId, 1000);
    return { items: rows.map(toMedia), nextCursor: null };
  }

  /** Restores the given trashed media (all of them when none are named); unknown ids are a 404. */
  async restore(userId: string, mediaIds?: string[]): Promise<{ restored: number }> {
    const trashed = await this.media.trashedIds(userId);
    const ids = mediaIds ?? trashed;
    const known = new Set(trashed);
    for (const id of ids) {
      if (!known.has(id)) throw new AppError('MEDIA_NOT_FOUND', { message: `No trashed media ${id}.` });
    }
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const id of ids) await this.media.update(userId, id, { trashedAt: null, updatedAt: now }, trx);
    });
    await this.#rewriteIndexes(ids);
    return { restored: ids.length };
  }

  /** Queues the purge (bytes then row) of everything in the user's trash. */
  async emptyTrash(userId: string): Promise<{ purging: number }> {
    const ids = await this.media.trashedIds(userId);
    await this.db.transaction().execute(async (trx) => {
      for (const id of ids) await this.queue.enqueue(trx, 'purge-media', { mediaId: id }, { subject: id, again: true });
    });
    return { purging: ids.length };
  }

  /** When media trashed before this instant are purged. */
  trashCutoff(): string {
    return new Date(this.clock.now().getTime() - this.config.trashDays * DAY_MS).toISOString();
  }

  async jobs(userId: string, mediaId?: string): Promise<JobsOverview> {
    const byName = await this.queue.counts();
    if (!mediaId) return { byName };
    if (!(await this.media.getForOwner(userId, mediaId))) throw new AppError('MEDIA_NOT_FOUND');
    const jobs = await this.queue.forSubject(mediaId);
    return { byName, media: jobs.map((j) => ({ name: j.name, status: j.status, attempts: j.attempts, lastError: j.lastError })) };
  }

  async #rewriteIndexes(mediaIds: string[]): Promise<void> {
    for (const a of await this.albums.albumIdsContaining(mediaIds)) await this.index.writeOrQueue(a.ownerId, a.albumId);
  }
}

/** Normalises any accepted ISO form to the stored one (UTC, milliseconds, Z). */
function iso(s: string): string {
  return new Date(s).toISOString();
}
