import type { Kysely, Selectable } from 'kysely';
import type { GalleryDB, UploadTable } from '../db/schema.ts';

export type UploadRow = Selectable<UploadTable>;
type Db = Kysely<GalleryDB>;

/** bigint columns come back as strings from PostgreSQL. */
function toRow(r: UploadRow): UploadRow {
  return { ...r, sizeBytes: Number(r.sizeBytes), partSize: r.partSize === null ? null : Number(r.partSize) };
}

/** Direct-to-S3 uploads announced with `POST /uploads`, until they complete, are cancelled or expire. */
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
    return row && toRow(row);
  }

  /** Whatever its status: a cancel of a cancelled upload is answered as done. */
  async getForOwner(ownerId: string, id: string): Promise<UploadRow | undefined> {
    const row = await this.db.selectFrom('upload').selectAll().where('ownerId', '=', ownerId).where('id', '=', id).executeTakeFirst();
    return row && toRow(row);
  }

  async getByS3UploadId(s3UploadId: string): Promise<UploadRow | undefined> {
    const row = await this.db.selectFrom('upload').selectAll().where('s3UploadId', '=', s3UploadId).executeTakeFirst();
    return row && toRow(row);
  }

  /** Marks the upload completed once; false when someone else completed it first. */
  async markCompleted(id: string, trx: Db): Promise<boolean> {
    const r = await trx.updateTable('upload').set({ status: 'completed' }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A pending upload stops counting against the quota; the row stays until it expires (see `expired`). */
  async markCancelled(id: string): Promise<boolean> {
    const r = await this.db.updateTable('upload').set({ status: 'cancelled' }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Pushes the expiry of a pending upload that is still being worked on. */
  async extend(id: string, expiresAt: string): Promise<void> {
    await this.db.updateTable('upload').set({ expiresAt }).where('id', '=', id).where('status', '=', 'pending').where('expiresAt', '<', expiresAt).execute();
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

  /** Pending and cancelled uploads past their expiry: their object (or parts) are to be removed. */
  async expired(now: string, limit: number): Promise<UploadRow[]> {
    const rows = await this.db
      .selectFrom('upload')
      .selectAll()
      .where('status', 'in', ['pending', 'cancelled'])
      .where('expiresAt', '<=', now)
      .limit(limit)
      .execute();
    return rows.map(toRow);
  }

  /**
   * Takes an expired upload for the sweep: false when it was completed (or swept) meanwhile. A
   * completion racing with the sweep then fails too, so no media is recorded over deleted bytes.
   */
  async claimExpired(id: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('upload')
      .set({ status: 'cancelled' })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'cancelled'])
      .where('expiresAt', '<=', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Completed uploads are only bookkeeping once their URLs have expired. */
  async deleteCompletedBefore(now: string): Promise<number> {
    const r = await this.db.deleteFrom('upload').where('status', '=', 'completed').where('expiresAt', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('upload').where('id', '=', id).execute();
  }
}
