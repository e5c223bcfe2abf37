import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AlbumTable, GalleryDB } from '../db/schema.ts';

export type AlbumRow = Selectable<AlbumTable>;
export type AlbumWithCount = AlbumRow & { mediaCount: number };
type Db = Kysely<GalleryDB>;

/** What an album's index.json lists for each media, in album order. */
export interface AlbumEntryRow {
  mediaId: string;
  objectKey: string;
  originalName: string;
  mime: string;
  sha256: string;
  takenAt: string;
  position: number;
  addedAt: string;
}

/** Albums and their memberships. Reads are scoped to an owner. */
export class AlbumStore {
  constructor(private readonly db: Db) {}

  async insert(row: AlbumRow, trx: Db = this.db): Promise<void> {
    await trx.insertInto('album').values(row).execute();
  }

  async getForOwner(ownerId: string, id: string, trx: Db = this.db): Promise<AlbumWithCount | undefined> {
    const row = await this.#withCount(trx).where('album.ownerId', '=', ownerId).where('album.id', '=', id).executeTakeFirst();
    return row && { ...row, mediaCount: Number(row.mediaCount) };
  }

  async listForOwner(ownerId: string): Promise<AlbumWithCount[]> {
    const rows = await this.#withCount(this.db).where('album.ownerId', '=', ownerId).orderBy('album.createdAt', 'desc').orderBy('album.id').execute();
    return rows.map((r) => ({ ...r, mediaCount: Number(r.mediaCount) }));
  }

  #withCount(db: Db) {
    return db
      .selectFrom('album')
      .selectAll('album')
      .select((eb) =>
        eb
          .selectFrom('albumMedia')
          .innerJoin('media', 'media.id', 'albumMedia.mediaId')
          .select(eb.fn.countAll<number | string>().as('n'))
          .whereRef('albumMedia.albumId', '=', 'album.id')
          .where('media.trashedAt', 'is', null)
          .as('mediaCount'),
      );
  }

  async update(ownerId: string, id: string, set: Updateable<AlbumTable>, trx: Db = this.db): Promise<boolean> {
    const r = await trx.updateTable('album').set(set).where('ownerId', '=', ownerId).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Memberships go with the album (ON DELETE CASCADE); nothing is touched unless the owner matches. */
  async delete(ownerId: string, id: string, trx: Db = this.db): Promise<boolean> {
    const r = await trx.deleteFrom('album').where('ownerId', '=', ownerId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Appends media after the album's current last position; media already in the album keep their place. */
  async addMedia(albumId: string, mediaIds: string[], now: string, trx: Db): Promise<number> {
    const last = await trx
      .selectFrom('albumMedia')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('albumId', '=', albumId)
      .executeTakeFirst();
    let position = Number(last?.p ?? -1);
    const rows = mediaIds.map((mediaId) => ({ albumId, mediaId, position: ++position, addedAt: now }));
    const r = await trx
      .insertInto('albumMedia')
      .values(rows)
      .onConflict((oc) => oc.columns(['albumId', 'mediaId']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  async removeMedia(albumId: string, mediaIds: string[], trx: Db): Promise<number> {
    const r = await trx.deleteFrom('albumMedia').where('albumId', '=', albumId).where('mediaId', 'in', mediaIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Puts the listed media first, in the given order; the others follow in their previous order. */
  async reorder(albumId: string, mediaIds: string[], trx: Db): Promise<void> {
    const current = await trx.selectFrom('albumMedia').select('mediaId').where('albumId', '=', albumId).orderBy('position').execute();
    const listed = new Set(mediaIds);
    const order = [...mediaIds.filter((id) => current.some((c) => c.mediaId === id)), ...current.map((c) => c.mediaId).filter((id) => !listed.has(id))];
    for (const [position, mediaId] of order.entries()) {
      await trx.updateTable('albumMedia').set({ position }).where('albumId', '=', albumId).where('mediaId', '=', mediaId).execute();
    }
  }

  /** Album entries in album order, trashed media left out (they leave the album's index until restored). */
  async entries(albumId: string, trx: Db = this.db): Promise<AlbumEntryRow[]> {
    return trx
      .selectFrom('albumMedia')
      .innerJoin('media', 'media.id', 'albumMedia.mediaId')
      .select(['media.id as mediaId', 'media.objectKey', 'media.originalName', 'media.mime', 'media.sha256', 'media.takenAt', 'albumMedia.position', 'albumMedia.addedAt'])
      .where('albumMedia.albumId', '=', albumId)
      .where('media.trashedAt', 'is', null)
      .orderBy('albumMedia.position')
      .execute();
  }

  /** Albums that contain any of these media (their index.json must be rewritten). */
  async albumIdsContaining(mediaIds: string[], trx: Db = this.db): Promise<Array<{ albumId: string; ownerId: string }>> {
    if (mediaIds.length === 0) return [];
    return trx
      .selectFrom('albumMedia')
      .innerJoin('album', 'album.id', 'albumMedia.albumId')
      .select(['album.id as albumId', 'album.ownerId'])
      .where('albumMedia.mediaId', 'in', mediaIds)
      .distinct()
      .execute();
  }
}
