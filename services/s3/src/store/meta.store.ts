import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import { FastQueries, isUniqueViolation, type Dialect, type QueryExecutor } from '@photocloud/kit';
import type { BucketTable, ObjectTable, S3Db } from '../db/schema.ts';
import { Batcher, inOneTransaction } from './batcher.ts';

export type BucketRow = BucketTable;

/** An object's metadata as the handlers see it (size as a number, JSON columns parsed). */
export interface ObjectMeta {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  checksums: Record<string, string>;
  contentType: string | null;
  cacheControl: string | null;
  contentDisposition: string | null;
  contentEncoding: string | null;
  contentLanguage: string | null;
  expires: string | null;
  metadata: Record<string, string>;
  lastModified: string;
  blobId: string;
  owner: string;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: string;
  owner: string;
}

export class BucketExistsError extends Error {}

/** A conditional write (If-None-Match: * / If-Match) checked inside the commit transaction. */
export interface WriteCondition {
  ifNoneMatch?: boolean;
  ifMatch?: string;
}

export class WriteConditionError extends Error {
  constructor(readonly reason: 'exists' | 'missing' | 'etag') {
    super(`write condition failed: ${reason}`);
  }
}

interface CommitItem {
  meta: ObjectMeta;
  condition: WriteCondition | undefined;
}

function toMeta(row: ObjectTable): ObjectMeta {
  return {
    ...row,
    size: Number(row.size),
    checksums: JSON.parse(row.checksums) as Record<string, string>,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
  };
}

function toRow(meta: ObjectMeta): ObjectTable {
  return { ...meta, checksums: JSON.stringify(meta.checksums), metadata: JSON.stringify(meta.metadata) };
}

/** Every object column, in the order of the pre-compiled upsert's parameters. */
const OBJECT_COLUMNS = [
  'bucket', 'key', 'size', 'etag', 'checksums', 'contentType', 'cacheControl', 'contentDisposition',
  'contentEncoding', 'contentLanguage', 'expires', 'metadata', 'lastModified', 'blobId', 'owner',
] as const satisfies ReadonlyArray<keyof ObjectTable>;
// A column added to ObjectTable but not above fails to compile here.
const allColumnsListed: Exclude<keyof ObjectTable, (typeof OBJECT_COLUMNS)[number]> extends never ? true : never = true;
void allColumnsListed;
const PLACEHOLDER_ROW = Object.fromEntries(OBJECT_COLUMNS.map((c) => [c, '?'])) as unknown as ObjectTable;

/** The hot statements, compiled once; only their parameters change. */
function compileHotQueries(db: Kysely<S3Db>, dialect: Dialect) {
  let current = db.selectFrom('object').select(['blobId', 'etag']).where('bucket', '=', '?').where('key', '=', '?');
  // Lock the current row (PostgreSQL) so two overwrites of one key each see the blob they replace.
  if (dialect === 'postgres') current = current.forUpdate();
  return {
    getObject: db.selectFrom('object').selectAll().where('bucket', '=', '?').where('key', '=', '?').compile(),
    getBucket: db.selectFrom('bucket').selectAll().where('name', '=', '?').compile(),
    addIntent: db.insertInto('writeIntent').values({ blobId: '?', kind: '?' }).compile(),
    deleteIntent: db.deleteFrom('writeIntent').where('blobId', '=', '?').compile(),
    /** The upload intent becomes the replaced blob's garbage intent: one statement, not two. */
    intentToGarbage: db.updateTable('writeIntent').set({ blobId: '?', kind: '?' }).where('blobId', '=', '?').compile(),
    currentObject: current.compile(),
    updateObject: db.updateTable('object').set(PLACEHOLDER_ROW).where('bucket', '=', '?').where('key', '=', '?').compile(),
    insertObject: db
      .insertInto('object')
      .values(PLACEHOLDER_ROW)
      .onConflict((oc) => oc.columns(['bucket', 'key']).doNothing())
      .returning('blobId')
      .compile(),
  };
}

/**
 * Smallest string greater than every string starting with `prefix` (UTF-8 byte order = code point order),
 * or undefined when there is none. Used for range scans so `%` and `_` are never wildcards.
 */
export function prefixSuccessor(prefix: string): string | undefined {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length > 0) {
    const last = cps.pop()!;
    if (last < 0x10ffff) {
      cps.push(last === 0xd7ff ? 0xe000 : last + 1); // skip the surrogate range, not encodable in UTF-8
      return String.fromCodePoint(...cps);
    }
  }
  return undefined;
}

/** Kysely access to buckets, objects and write intents. No business rules here. */
export class MetaStore {
  readonly #q: ReturnType<typeof compileHotQueries>;
  // Runs the hot statements without Kysely's per-execution cost (directly on better-sqlite3 on SQLite).
  readonly #fast: FastQueries<S3Db>;
  // Group commit for the two writes of every upload.
  readonly #commits: Batcher<CommitItem, string | undefined>;
  readonly #intents: Batcher<string, void>;

  constructor(
    private readonly db: Kysely<S3Db>,
    dialect: Dialect,
  ) {
    this.#q = compileHotQueries(db, dialect);
    this.#fast = new FastQueries(db);
    const transaction = <V>(fn: (tx: QueryExecutor) => Promise<V>) => this.#fast.transaction(fn);
    this.#commits = new Batcher((items: CommitItem[]) => inOneTransaction(items, transaction, (tx, item) => this.#commitOne(tx, item)));
    this.#intents = new Batcher((ids: string[]) =>
      inOneTransaction(ids, transaction, async (tx, id) => {
        await tx.all(this.#q.addIntent, [id, 'upload']);
      }),
    );
  }

  async getBucket(name: string): Promise<BucketRow | undefined> {
    return (await this.#fast.all(this.#q.getBucket, [name]))[0];
  }

  listBuckets(owner?: string): Promise<BucketRow[]> {
    let q = this.db.selectFrom('bucket').selectAll().orderBy('name');
    if (owner !== undefined) q = q.where('owner', '=', owner);
    return q.execute();
  }

  async createBucket(row: BucketRow): Promise<void> {
    try {
      await this.db.insertInto('bucket').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new BucketExistsError(row.name);
      throw err;
    }
  }

  /** Deletes an empty bucket; false when it still holds objects. */
  deleteBucket(name: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const one = await trx.selectFrom('object').select('key').where('bucket', '=', name).limit(1).executeTakeFirst();
      if (one) return false;
      await trx.deleteFrom('bucket').where('name', '=', name).execute();
      return true;
    });
  }

  async getObject(bucket: string, key: string): Promise<ObjectMeta | undefined> {
    const row = (await this.#fast.all(this.#q.getObject, [bucket, key]))[0];
    return row && toMeta(row);
  }

  /** Records that `blobId` may appear on disk before any row references it (group-committed). */
  beginUpload(blobId: string): Promise<void> {
    return this.#intents.submit(blobId);
  }

  async forgetIntent(blobId: string): Promise<void> {
    await this.#fast.all(this.#q.deleteIntent, [blobId]);
  }

  async forgetIntents(blobIds: string[]): Promise<void> {
    if (blobIds.length > 0) await this.db.deleteFrom('writeIntent').where('blobId', 'in', blobIds).execute();
  }

  /**
   * In one transaction: upsert the object row, clear the upload intent, and mark the replaced blob
   * (if any) as garbage. Returns the replaced blob id for the caller to unlink.
   */
  commitObject(meta: ObjectMeta, condition?: WriteCondition): Promise<string | undefined> {
    return this.#commits.submit({ meta, condition });
  }

  async #commitOne(tx: QueryExecutor, { meta, condition }: CommitItem): Promise<string | undefined> {
    const row = toRow(meta);
    const values = OBJECT_COLUMNS.map((c) => row[c]);
    // PostgreSQL: the current row is locked (FOR UPDATE); SQLite runs one write transaction at a time.
    // A concurrent first insert makes us retry as an update.
    for (;;) {
      const [old] = await tx.all(this.#q.currentObject, [meta.bucket, meta.key]);
      if (condition?.ifNoneMatch && old) throw new WriteConditionError('exists');
      if (condition?.ifMatch !== undefined) {
        if (!old) throw new WriteConditionError('missing');
        if (old.etag !== condition.ifMatch) throw new WriteConditionError('etag');
      }
      if (old) {
        await tx.all(this.#q.updateObject, [...values, meta.bucket, meta.key]);
        await tx.all(this.#q.intentToGarbage, [old.blobId, 'garbage', meta.blobId]);
        return old.blobId;
      }
      const [inserted] = await tx.all(this.#q.insertObject, values);
      if (!inserted) continue;
      await tx.all(this.#q.deleteIntent, [meta.blobId]);
      return undefined;
    }
  }

  /** Removes the object row; returns its blob id (marked as garbage) or undefined when absent. */
  deleteObject(bucket: string, key: string): Promise<string | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const old = await trx.deleteFrom('object').where('bucket', '=', bucket).where('key', '=', key).returning('blobId').executeTakeFirst();
      return markGarbage(trx, old?.blobId);
    });
  }

  /** Objects with `key > after` (when given) starting with `prefix`, in UTF-8 byte order. */
  async listObjects(opts: { bucket: string; prefix: string; after?: string | undefined; from?: string | undefined; limit: number }): Promise<ListedObject[]> {
    let q = this.db
      .selectFrom('object')
      .select(['key', 'size', 'etag', 'lastModified', 'owner'])
      .where('bucket', '=', opts.bucket);
    if (opts.prefix) {
      q = q.where('key', '>=', opts.prefix);
      const end = prefixSuccessor(opts.prefix);
      if (end !== undefined) q = q.where('key', '<', end);
    }
    if (opts.after !== undefined) q = q.where('key', '>', opts.after);
    if (opts.from !== undefined) q = q.where('key', '>=', opts.from);
    const rows = await q.orderBy('key').limit(opts.limit).execute();
    return rows.map((r) => ({ ...r, size: Number(r.size) }));
  }

  listIntents(): Promise<Array<{ blobId: string; kind: string }>> {
    return this.db.selectFrom('writeIntent').select(['blobId', 'kind']).execute();
  }

  async referencedBlobIds(blobIds: string[]): Promise<Set<string>> {
    if (blobIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('object').select('blobId').where('blobId', 'in', blobIds).execute();
    return new Set(rows.map((r) => r.blobId));
  }
}

async function markGarbage(trx: Transaction<S3Db>, blobId: string | undefined): Promise<string | undefined> {
  if (blobId) await trx.insertInto('writeIntent').values({ blobId, kind: 'garbage' }).execute();
  return blobId;
}
