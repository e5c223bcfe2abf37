import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { GalleryDB, SimilarGroupTable, SimilarMediaTable, SimilarRunTable } from '../db/schema.ts';
import type { BandQuery } from '../similarity/lookup.ts';
import type { MediaRow } from './media.store.ts';

type Db = Kysely<GalleryDB>;
export type SimilarGroupRow = Selectable<SimilarGroupTable>;
export type SimilarRunRow = Selectable<SimilarRunTable>;
export type NewSimilarMember = Omit<Insertable<SimilarMediaTable>, 'groupId'>;
/** A live processed photo's pHash (16 hex) and SHA-256, as the similar-photo search reads them. */
export type HashedPhoto = { id: string; phash: string; sha256: string };
export type MemberRow = MediaRow & { groupId: string; position: number; distance: number; similarityScore: number; reason: string };

/** A group to write: its row and its members (medoid first). */
export interface GroupToStore {
  group: Insertable<SimilarGroupTable>;
  members: NewSimilarMember[];
}

/** Rows per INSERT: far below SQLite's bound-parameter limit at 7 columns a row. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Similar groups, their members, detection runs, and the pHash column of media. Kysely only. */
export class SimilarStore {
  constructor(private readonly db: Db) {}

  /**
   * Takes the owner's row lock for the rest of `trx`: group writes for one owner (detection,
   * incremental assignment, resolve) then run one after the other on PostgreSQL as on SQLite.
   */
  async lockOwner(ownerId: string, now: string, trx: Db): Promise<void> {
    await trx
      .insertInto('similarOwner')
      .values({ ownerId, updatedAt: now })
      .onConflict((oc) => oc.column('ownerId').doUpdateSet({ updatedAt: now }))
      .execute();
  }

  // Runs

  async insertRun(row: Insertable<SimilarRunTable>, trx: Db = this.db): Promise<void> {
    await trx.insertInto('similarRun').values(row).execute();
  }

  async updateRun(id: string, set: Updateable<SimilarRunTable>, trx: Db = this.db): Promise<void> {
    await trx.updateTable('similarRun').set(set).where('id', '=', id).execute();
  }

  async getRun(id: string): Promise<SimilarRunRow | undefined> {
    return this.db.selectFrom('similarRun').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The run with the job's status and last error, for its owner only. */
  async runForOwner(ownerId: string, id: string) {
    return this.#runs(ownerId).where('similarRun.id', '=', id).executeTakeFirst();
  }

  /** This owner's most recent run, whatever its state. */
  async latestRunForOwner(ownerId: string) {
    return this.#runs(ownerId).orderBy('similarRun.createdAt', 'desc').orderBy('similarRun.id', 'desc').limit(1).executeTakeFirst();
  }

  #runs(ownerId: string) {
    return this.db
      .selectFrom('similarRun')
      .innerJoin('job', 'job.id', 'similarRun.id')
      .selectAll('similarRun')
      .select(['job.status', 'job.lastError'])
      .where('similarRun.ownerId', '=', ownerId);
  }

  /** A run of this owner still queued or running, if any. */
  async activeRunId(ownerId: string, trx: Db = this.db): Promise<string | undefined> {
    const row = await trx
      .selectFrom('similarRun')
      .innerJoin('job', 'job.id', 'similarRun.id')
      .select('similarRun.id')
      .where('similarRun.ownerId', '=', ownerId)
      .where('job.status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return row?.id;
  }

  // pHashes

  /** Live, processed photos of the owner without a pHash, by id after `afterId`. */
  async pageMissingHash(ownerId: string, afterId: string, limit: number) {
    return this.#photos(ownerId).select(['id', 'hasThumbnail', 'hasPreview']).where('phash', 'is', null).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  /** Live processed photos of the owner, and how many of them have a pHash (one scan). */
  async photoCounts(ownerId: string): Promise<{ photos: number; hashed: number }> {
    const row = await this.#photos(ownerId)
      .select((eb) => [eb.fn.countAll<number | string>().as('photos'), eb.fn.count<number | string>('phash').as('hashed')])
      .executeTakeFirst();
    return { photos: Number(row?.photos ?? 0), hashed: Number(row?.hashed ?? 0) };
  }

  /** Live photos with a pHash, by id after `afterId` (keyset pages). */
  async pageHashes(ownerId: string, afterId: string, limit: number): Promise<HashedPhoto[]> {
    const rows = await this.#photos(ownerId).select(['id', 'phash', 'sha256']).where('phash', 'is not', null).where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows as HashedPhoto[];
  }

  /**
   * Live hashed photos of the owner whose hash matches one of the band keys (candidates: the caller
   * checks the distance). Each band is one indexed lookup; the SQL names the indexed expression and
   * `phash is not null` literally so SQLite can use the partial index.
   */
  async hashesByBands(ownerId: string, queries: readonly BandQuery[]): Promise<HashedPhoto[]> {
    const out = new Map<string, HashedPhoto>();
    for (const q of queries) {
      const expr = sql<string>`substr(phash, ${sql.lit(4 * q.band + 1)}, 4)`;
      for (const part of chunks(q.keys)) {
        const rows = await this.#photos(ownerId).select(['id', 'phash', 'sha256']).where('phash', 'is not', null).where(expr, 'in', part).execute();
        for (const r of rows) out.set(r.id, r as HashedPhoto);
      }
    }
    return [...out.values()];
  }

  /** Live hashed photos of the owner changed at or after `since` (ISO time): processed meanwhile, among others. */
  async hashedSince(ownerId: string, since: string, trx: Db = this.db): Promise<string[]> {
    const rows = await this.#photos(ownerId, trx).select('id').where('phash', 'is not', null).where('updatedAt', '>=', since).execute();
    return rows.map((r) => r.id);
  }

  /** The owner's live hashed photos among these ids (the members of groups a new photo may join). */
  async hashesOf(ownerId: string, ids: readonly string[]): Promise<HashedPhoto[]> {
    const out: HashedPhoto[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.#photos(ownerId).select(['id', 'phash', 'sha256']).where('phash', 'is not', null).where('id', 'in', part).execute();
      out.push(...(rows as HashedPhoto[]));
    }
    return out;
  }

  /** The facts the incremental assignment checks before it looks for neighbours. */
  async photo(id: string) {
    return this.db.selectFrom('media').select(['id', 'ownerId', 'kind', 'status', 'phash', 'sha256', 'trashedAt']).where('id', '=', id).executeTakeFirst();
  }

  async setPhash(id: string, phash: string): Promise<void> {
    await this.db.updateTable('media').set({ phash }).where('id', '=', id).execute();
  }

  #photos(ownerId: string, db: Db = this.db) {
    return db.selectFrom('media').where('ownerId', '=', ownerId).where('kind', '=', 'photo').where('status', '=', 'ready').where('trashedAt', 'is', null);
  }

  /** What the best-pick rule weighs, for these media. */
  async pickFacts(ids: readonly string[]) {
    const out = [];
    for (const part of chunks(ids)) {
      out.push(...(await this.db.selectFrom('media').select(['id', 'width', 'height', 'sizeBytes', 'isFavorite', 'exif', 'sha256']).where('id', 'in', part).execute()));
    }
    return out.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes) }));
  }

  // Groups

  /** Memberships of the owner's groups with the given statuses. */
  async memberships(ownerId: string, statuses: Array<SimilarGroupRow['status']>, trx: Db = this.db): Promise<Array<{ groupId: string; mediaId: string }>> {
    return trx
      .selectFrom('similarMedia')
      .innerJoin('similarGroup', 'similarGroup.id', 'similarMedia.groupId')
      .select(['similarMedia.groupId', 'similarMedia.mediaId'])
      .where('similarGroup.ownerId', '=', ownerId)
      .where('similarGroup.status', 'in', statuses)
      .orderBy('similarMedia.groupId')
      .orderBy('similarMedia.position')
      .execute();
  }

  async deleteOpenGroups(ownerId: string, trx: Db): Promise<void> {
    await trx.deleteFrom('similarGroup').where('ownerId', '=', ownerId).where('status', '=', 'open').execute();
  }

  /** Inserts groups and members in multi-row statements. */
  async insertGroups(groups: readonly GroupToStore[], trx: Db): Promise<void> {
    for (const part of chunks(groups)) await trx.insertInto('similarGroup').values(part.map((g) => g.group)).execute();
    const members = groups.flatMap((g) => g.members.map((m) => ({ ...m, groupId: g.group.id })));
    for (const part of chunks(members)) await trx.insertInto('similarMedia').values(part).execute();
  }

  /** Replaces a group's members (its medoid may have changed) and updates its row. */
  async replaceMembers(groupId: string, members: readonly NewSimilarMember[], set: Updateable<SimilarGroupTable>, trx: Db): Promise<void> {
    await trx.deleteFrom('similarMedia').where('groupId', '=', groupId).execute();
    for (const part of chunks(members)) await trx.insertInto('similarMedia').values(part.map((m) => ({ ...m, groupId }))).execute();
    await trx.updateTable('similarGroup').set(set).where('id', '=', groupId).execute();
  }

  async getForOwner(ownerId: string, id: string, trx: Db = this.db): Promise<SimilarGroupRow | undefined> {
    return trx.selectFrom('similarGroup').selectAll().where('ownerId', '=', ownerId).where('id', '=', id).executeTakeFirst();
  }

  async setStatus(id: string, status: SimilarGroupRow['status'], now: string, trx: Db = this.db): Promise<void> {
    await trx.updateTable('similarGroup').set({ status, updatedAt: now }).where('id', '=', id).execute();
  }

  /**
   * One page of the owner's groups, newest first (keyset on created_at, id). Open groups with fewer
   * than two members left out of the trash are not worth showing and are skipped.
   */
  async listForOwner(ownerId: string, status: SimilarGroupRow['status'], cursor: { createdAt: string; id: string } | null, limit: number): Promise<SimilarGroupRow[]> {
    let q = this.db.selectFrom('similarGroup').selectAll('similarGroup').where('ownerId', '=', ownerId).where('status', '=', status);
    if (status === 'open') {
      q = q.where((eb) =>
        eb(
          eb
            .selectFrom('similarMedia')
            .innerJoin('media', 'media.id', 'similarMedia.mediaId')
            .select(eb.fn.countAll().as('n'))
            .whereRef('similarMedia.groupId', '=', 'similarGroup.id')
            .where('media.trashedAt', 'is', null),
          '>=',
          2,
        ),
      );
    }
    if (cursor) q = q.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(cursor.createdAt, cursor.id)));
    return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Members of these groups with their media rows, in group order; trashed media only when asked. */
  async members(groupIds: readonly string[], includeTrashed: boolean, trx: Db = this.db): Promise<MemberRow[]> {
    if (groupIds.length === 0) return [];
    let q = trx
      .selectFrom('similarMedia')
      .innerJoin('media', 'media.id', 'similarMedia.mediaId')
      .selectAll('media')
      .select(['similarMedia.groupId', 'similarMedia.position', 'similarMedia.distance', 'similarMedia.similarityScore', 'similarMedia.reason'])
      .where('similarMedia.groupId', 'in', [...groupIds]);
    if (!includeTrashed) q = q.where('media.trashedAt', 'is', null);
    const rows = await q.orderBy('similarMedia.groupId').orderBy('similarMedia.position').execute();
    return rows.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes), similarityScore: Number(r.similarityScore) }));
  }
}
