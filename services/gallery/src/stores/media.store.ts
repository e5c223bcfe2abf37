import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { FastQueries } from '@photocloud/kit';
import type { GalleryDB, MediaTable } from '../db/schema.ts';

export type MediaRow = Selectable<MediaTable>;
type Db = Kysely<GalleryDB>;

export interface TimelineFilter {
  favorite?: boolean | undefined;
  kind?: 'photo' | 'video' | undefined;
  /** Inclusive lower bound on taken-at (ISO). */
  from?: string | undefined;
  /** Exclusive upper bound on taken-at (ISO). */
  to?: string | undefined;
  albumId?: string | undefined;
}

/** Position after which the next timeline page starts: the last (takenAt, id) seen. */
export interface TimelineCursor {
  takenAt: string;
  id: string;
}

/** pg returns BIGINT as a string; sizes stay far below 2^53. */
function fromDb(row: MediaRow): MediaRow {
  return { ...row, sizeBytes: Number(row.sizeBytes) };
}

/** The timeline without filters, first page and pages after a cursor; same SQL as the builder below. */
function compileTimeline(db: Db) {
  const base = db
    .selectFrom('media')
    .selectAll('media')
    .where('media.ownerId', '=', '?')
    .where('media.trashedAt', 'is', null)
    .where('media.status', '!=', '?' as MediaRow['status']);
  const page = (q: typeof base) => q.orderBy('media.takenAt', 'desc').orderBy('media.id', 'desc').limit(0).compile();
  return {
    first: page(base),
    after: page(base.where((eb) => eb(eb.refTuple('media.takenAt', 'media.id'), '<', eb.tuple('?', '?')))),
  };
}

/** Media rows. Every read is scoped to an owner; callers never see another user's rows. */
export class MediaStore {
  // The unfiltered timeline is the hottest read: compiled once, run without Kysely's per-query work.
  readonly #fast: FastQueries<GalleryDB>;
  readonly #timeline: ReturnType<typeof compileTimeline>;

  constructor(private readonly db: Db) {
    this.#fast = new FastQueries(db);
    this.#timeline = compileTimeline(db);
  }

  async insert(row: MediaRow, trx: Db = this.db): Promise<void> {
    await trx.insertInto('media').values(row).execute();
  }

  async getForOwner(ownerId: string, id: string, trx: Db = this.db): Promise<MediaRow | undefined> {
    const row = await trx.selectFrom('media').selectAll().where('ownerId', '=', ownerId).where('id', '=', id).executeTakeFirst();
    return row && fromDb(row);
  }

  /** Internal lookup by id for background jobs, which act for the owner recorded on the row. */
  async getById(id: string, trx: Db = this.db): Promise<MediaRow | undefined> {
    const row = await trx.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromDb(row);
  }

  async findByHash(ownerId: string, sha256: string, trx: Db = this.db): Promise<MediaRow | undefined> {
    const row = await trx.selectFrom('media').selectAll().where('ownerId', '=', ownerId).where('sha256', '=', sha256).executeTakeFirst();
    return row && fromDb(row);
  }

  async existingHashes(ownerId: string, hashes: string[]): Promise<Array<{ sha256: string; id: string }>> {
    if (hashes.length === 0) return [];
    return this.db
      .selectFrom('media')
      .select(['sha256', 'id'])
      .where('ownerId', '=', ownerId)
      .where('sha256', 'in', hashes)
      .where('status', '!=', 'uploading')
      .execute();
  }

  /** One timeline page, newest first; keyset on (taken_at, id) so rows added meanwhile never shift a page. */
  async timeline(ownerId: string, filter: TimelineFilter, cursor: TimelineCursor | null, limit: number): Promise<MediaRow[]> {
    if (Object.values(filter).every((v) => v === undefined)) {
      const rows = cursor
        ? await this.#fast.all(this.#timeline.after, [ownerId, 'uploading', cursor.takenAt, cursor.id, limit])
        : await this.#fast.all(this.#timeline.first, [ownerId, 'uploading', limit]);
      // Rows fresh from the driver, owned by nobody else: fix the one column in place instead of copying 100 rows.
      for (const row of rows) row.sizeBytes = Number(row.sizeBytes);
      return rows;
    }
    let q = this.db
      .selectFrom('media')
      .selectAll('media')
      .where('media.ownerId', '=', ownerId)
      .where('media.trashedAt', 'is', null)
      .where('media.status', '!=', 'uploading');
    if (filter.albumId) {
      q = q.innerJoin('albumMedia', 'albumMedia.mediaId', 'media.id').where('albumMedia.albumId', '=', filter.albumId);
    }
    // A literal (not a bound parameter) so SQLite can use the partial favorites index.
    if (filter.favorite !== undefined) q = q.where('media.isFavorite', '=', sql.lit(filter.favorite ? 1 : 0));
    if (filter.kind) q = q.where('media.kind', '=', filter.kind);
    if (filter.from) q = q.where('media.takenAt', '>=', filter.from);
    if (filter.to) q = q.where('media.takenAt', '<', filter.to);
    if (cursor) {
      q = q.where((eb) => eb(eb.refTuple('media.takenAt', 'media.id'), '<', eb.tuple(cursor.takenAt, cursor.id)));
    }
    const rows = await q.orderBy('media.takenAt', 'desc').orderBy('media.id', 'desc').limit(limit).execute();
    return rows.map(fromDb);
  }

  /** Counts per month (`YYYY-MM` of taken-at, UTC), newest first, for the date scrubber. */
  async monthBuckets(ownerId: string, filter: TimelineFilter): Promise<Array<{ month: string; count: number }>> {
    let q = this.db
      .selectFrom('media')
      .where('media.ownerId', '=', ownerId)
      .where('media.trashedAt', 'is', null)
      .where('media.status', '!=', 'uploading');
    if (filter.albumId) q = q.innerJoin('albumMedia', 'albumMedia.mediaId', 'media.id').where('albumMedia.albumId', '=', filter.albumId);
    if (filter.favorite !== undefined) q = q.where('media.isFavorite', '=', filter.favorite ? 1 : 0);
    if (filter.kind) q = q.where('media.kind', '=', filter.kind);
    const rows = await q
      .select((eb) => [eb.fn<string>('substr', ['media.takenAt', eb.val(1), eb.val(7)]).as('month'), eb.fn.countAll<number | string>().as('n')])
      .groupBy('month')
      .orderBy('month', 'desc')
      .execute();
    return rows.map((r) => ({ month: r.month, count: Number(r.n) }));
  }

  async update(ownerId: string, id: string, set: Updateable<MediaTable>, trx: Db = this.db): Promise<MediaRow | undefined> {
    const row = await trx.updateTable('media').set(set).where('ownerId', '=', ownerId).where('id', '=', id).returningAll().executeTakeFirst();
    return row && fromDb(row);
  }

  /** Trashed media of one owner, most recently trashed first. */
  async listTrash(ownerId: string, limit: number): Promise<MediaRow[]> {
    const rows = await this.db
      .selectFrom('media')
      .selectAll()
      .where('ownerId', '=', ownerId)
      .where('trashedAt', 'is not', null)
      .orderBy('trashedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(fromDb);
  }

  async trashedIds(ownerId: string, trx: Db = this.db): Promise<string[]> {
    const rows = await trx.selectFrom('media').select('id').where('ownerId', '=', ownerId).where('trashedAt', 'is not', null).execute();
    return rows.map((r) => r.id);
  }

  /** Ids trashed before `cutoff`, across users, for the purge job. */
  async trashedBefore(cutoff: string, limit: number): Promise<Array<{ id: string; ownerId: string }>> {
    return this.db.selectFrom('media').select(['id', 'ownerId']).where('trashedAt', '<', cutoff).orderBy('trashedAt').limit(limit).execute();
  }

  /** Rows left `uploading` by a process that died mid-upload, created before `before`. */
  async staleUploads(before: string, limit: number): Promise<Array<{ id: string; objectKey: string }>> {
    return this.db.selectFrom('media').select(['id', 'objectKey']).where('status', '=', 'uploading').where('createdAt', '<', before).limit(limit).execute();
  }

  async delete(id: string, trx: Db = this.db): Promise<void> {
    await trx.deleteFrom('media').where('id', '=', id).execute();
  }

  /** Bytes a user occupies, trash and in-flight uploads included (they hold storage too). */
  async usedBytes(ownerId: string, trx: Db = this.db): Promise<number> {
    const row = await trx
      .selectFrom('media')
      .select((eb) => eb.fn.sum<number | string | null>('sizeBytes').as('total'))
      .where('ownerId', '=', ownerId)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  /** Album ids of one media, for `GET /media/:id`. */
  async albumIds(mediaId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('albumMedia').select('albumId').where('mediaId', '=', mediaId).execute();
    return rows.map((r) => r.albumId);
  }
}
