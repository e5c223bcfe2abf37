import type { Kysely, Selectable } from 'kysely';
import type { GalleryDB, UploadTable } from '../db/schema.ts';

export type UploadRow = Selectable<UploadTable>;
type Db = Kysely<GalleryDB>;

/** Direct-to-S3 uploads announced with `POST /uploads` and not yet completed. */
export class UploadStore {
  constructor(private readonly db: Db) {}

  async insert(row: UploadRow): Promise<void> {
    await this.db.insertInto('upload').values(row).execute();
  }

  async getPendingForOwner(ownerId: string, id: string, now: string): Promise<UploadRow | undefined> {
    const row = await this.db
      .selectFrom('upload')
      .selectAll()
      .where('ownerId', '=', ownerId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('expiresAt', '>', now)
      .executeTakeFirst();
    return row && { ...row, sizeBytes: Number(row.sizeBytes) };
  }

  /** Marks the upload completed once; false when someone else completed it first. */
  async markCompleted(id: string, trx: Db): Promise<boolean> {
    const r = await trx.updateTable('upload').set({ status: 'completed' }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Bytes announced by a user's pending uploads, counted against the quota until they complete or expire. */
  async pendingBytes(ownerId: string, now: string): Promise<number> {
    const row = await this.db
      .selectFrom('upload')
      .select((eb) => eb.fn.sum<number | string | null>('sizeBytes').as('total'))
      .where('ownerId', '=', ownerId)
      .where('status', '=', 'pending')
      .where('expiresAt', '>', now)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  async expired(now: string, limit: number): Promise<UploadRow[]> {
    const rows = await this.db.selectFrom('upload').selectAll().where('status', '=', 'pending').where('expiresAt', '<=', now).limit(limit).execute();
    return rows.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes) }));
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('upload').where('id', '=', id).execute();
  }
}
