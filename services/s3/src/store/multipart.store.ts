import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '@photocloud/kit';
import type { PartTable, S3Db, UploadTable } from '../db/schema.ts';
import { prefixSuccessor, WriteConditionError, type ObjectMeta, type WriteCondition } from './meta.store.ts';

export type UploadRow = UploadTable;

export interface PartMeta {
  partNumber: number;
  blobId: string;
  size: number;
  etag: string;
  checksums: Record<string, string>;
  lastModified: string;
}

export class NoSuchUploadError extends Error {}
/** The parts changed (re-uploaded or gone) between reading them and committing the completed object. */
export class PartsChangedError extends Error {}

function toPart(row: PartTable): PartMeta {
  return {
    partNumber: row.partNumber,
    blobId: row.blobId,
    size: Number(row.size),
    etag: row.etag,
    checksums: JSON.parse(row.checksums) as Record<string, string>,
    lastModified: row.lastModified,
  };
}

/**
 * Multipart uploads: an `upload` row per upload, a `part` row per part (each part a blob of its own).
 * Every change of an upload locks its row first (PostgreSQL; SQLite writes one at a time), so a
 * part commit, a complete and an abort of one upload never interleave.
 */
export class MultipartStore {
  constructor(
    private readonly db: Kysely<S3Db>,
    private readonly dialect: Dialect,
  ) {}

  async createUpload(row: UploadRow): Promise<void> {
    await this.db.insertInto('upload').values(row).execute();
  }

  getUpload(uploadId: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('upload').selectAll().where('uploadId', '=', uploadId).executeTakeFirst();
  }

  async #lockUpload(trx: Transaction<S3Db>, uploadId: string): Promise<UploadRow> {
    let q = trx.selectFrom('upload').selectAll().where('uploadId', '=', uploadId);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw new NoSuchUploadError(uploadId);
    return row;
  }

  /**
   * Records a part whose blob is in place (its 'upload' intent pending); a re-upload replaces the
   * previous part, whose blob becomes garbage. Returns the replaced blob id for the caller to unlink.
   */
  commitPart(uploadId: string, part: PartMeta): Promise<string | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await this.#lockUpload(trx, uploadId);
      const old = await trx.selectFrom('part').select('blobId').where('uploadId', '=', uploadId).where('partNumber', '=', part.partNumber).executeTakeFirst();
      const row = { ...part, uploadId, checksums: JSON.stringify(part.checksums) };
      if (old) {
        await trx.updateTable('part').set(row).where('uploadId', '=', uploadId).where('partNumber', '=', part.partNumber).execute();
        await trx.updateTable('writeIntent').set({ blobId: old.blobId, kind: 'garbage' }).where('blobId', '=', part.blobId).execute();
      } else {
        await trx.insertInto('part').values(row).execute();
        await trx.deleteFrom('writeIntent').where('blobId', '=', part.blobId).execute();
      }
      return old?.blobId;
    });
  }

  async listParts(uploadId: string, after: number, limit: number): Promise<PartMeta[]> {
    const rows = await this.db
      .selectFrom('part')
      .selectAll()
      .where('uploadId', '=', uploadId)
      .where('partNumber', '>', after)
      .orderBy('partNumber')
      .limit(limit)
      .execute();
    return rows.map(toPart);
  }

  /** Uploads of a bucket in (key, upload id) order, after the markers. */
  listUploads(opts: { bucket: string; prefix: string; keyMarker?: string; uploadIdMarker?: string; limit: number }): Promise<UploadRow[]> {
    let q = this.db.selectFrom('upload').selectAll().where('bucket', '=', opts.bucket);
    if (opts.prefix) {
      q = q.where('key', '>=', opts.prefix);
      const end = prefixSuccessor(opts.prefix);
      if (end !== undefined) q = q.where('key', '<', end);
    }
    const { keyMarker, uploadIdMarker } = opts;
    if (keyMarker !== undefined) {
      q = uploadIdMarker
        ? q.where((eb) => eb.or([eb('key', '>', keyMarker), eb.and([eb('key', '=', keyMarker), eb('uploadId', '>', uploadIdMarker)])]))
        : q.where('key', '>', keyMarker);
    }
    return q.orderBy('key').orderBy('uploadId').limit(opts.limit).execute();
  }

  /**
   * Completes an upload in one transaction: checks the parts are still those composed (by blob id),
   * checks the write condition against the current object (row locked on PostgreSQL), upserts the
   * object, turns the new blob's intent into the replaced blob's garbage intent, marks every part
   * blob as garbage and deletes the upload. Returns the blobs to unlink.
   */
  completeUpload(uploadId: string, used: Map<number, string>, meta: ObjectMeta, condition?: WriteCondition): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      await this.#lockUpload(trx, uploadId);
      const parts = await trx.selectFrom('part').select(['partNumber', 'blobId']).where('uploadId', '=', uploadId).execute();
      const current = new Map(parts.map((p) => [p.partNumber, p.blobId]));
      for (const [n, blobId] of used) if (current.get(n) !== blobId) throw new PartsChangedError(String(n));

      const row = { ...meta, checksums: JSON.stringify(meta.checksums), metadata: JSON.stringify(meta.metadata) };
      let old: { blobId: string; etag: string } | undefined;
      for (;;) {
        let q = trx.selectFrom('object').select(['blobId', 'etag']).where('bucket', '=', meta.bucket).where('key', '=', meta.key);
        if (this.dialect === 'postgres') q = q.forUpdate();
        old = await q.executeTakeFirst();
        if (condition?.ifNoneMatch && old) throw new WriteConditionError('exists');
        if (condition?.ifMatch !== undefined) {
          if (!old) throw new WriteConditionError('missing');
          if (old.etag !== condition.ifMatch) throw new WriteConditionError('etag');
        }
        if (old) {
          await trx.updateTable('object').set(row).where('bucket', '=', meta.bucket).where('key', '=', meta.key).execute();
          break;
        }
        const inserted = await trx
          .insertInto('object')
          .values(row)
          .onConflict((oc) => oc.columns(['bucket', 'key']).doNothing())
          .returning('blobId')
          .executeTakeFirst();
        if (inserted) break;
      }
      if (old) await trx.updateTable('writeIntent').set({ blobId: old.blobId, kind: 'garbage' }).where('blobId', '=', meta.blobId).execute();
      else await trx.deleteFrom('writeIntent').where('blobId', '=', meta.blobId).execute();
      const garbage = parts.map((p) => p.blobId);
      await markGarbage(trx, garbage);
      await trx.deleteFrom('part').where('uploadId', '=', uploadId).execute();
      await trx.deleteFrom('upload').where('uploadId', '=', uploadId).execute();
      return old ? [old.blobId, ...garbage] : garbage;
    });
  }

  /** Deletes the upload and its parts; returns the part blobs (marked as garbage) to unlink. */
  abortUpload(uploadId: string): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      await this.#lockUpload(trx, uploadId);
      const parts = await trx.deleteFrom('part').where('uploadId', '=', uploadId).returning('blobId').execute();
      await trx.deleteFrom('upload').where('uploadId', '=', uploadId).execute();
      const garbage = parts.map((p) => p.blobId);
      await markGarbage(trx, garbage);
      return garbage;
    });
  }

  async uploadsCreatedBefore(iso: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('upload').select('uploadId').where('createdAt', '<', iso).orderBy('createdAt').limit(limit).execute();
    return rows.map((r) => r.uploadId);
  }

  async referencedPartBlobIds(blobIds: string[]): Promise<Set<string>> {
    if (blobIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('part').select('blobId').where('blobId', 'in', blobIds).execute();
    return new Set(rows.map((r) => r.blobId));
  }
}

async function markGarbage(trx: Transaction<S3Db>, blobIds: string[]): Promise<void> {
  for (let i = 0; i < blobIds.length; i += 500) {
    const slice = blobIds.slice(i, i + 500);
    if (slice.length > 0) await trx.insertInto('writeIntent').values(slice.map((blobId) => ({ blobId, kind: 'garbage' }))).execute();
  }
}
