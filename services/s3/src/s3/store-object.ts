import type { WriteStream } from 'node:fs';
import type { S3Context } from './context.ts';
import { S3Error } from './errors.ts';
import { WriteConditionError, type ObjectMeta, type WriteCondition } from '../store/meta.store.ts';

/** S3's answers to a failed conditional write. */
export function writeConditionFailed(reason: WriteConditionError['reason'], key: string): S3Error {
  if (reason === 'missing') return new S3Error('NoSuchKey', undefined, { fields: { Key: key } });
  return new S3Error('PreconditionFailed', undefined, { fields: { Condition: reason === 'exists' ? 'If-None-Match' : 'If-Match' } });
}

/** If-None-Match (only `*`, like S3) and If-Match on a write; undefined when the request has neither. */
export function readWriteCondition(headers: S3Context['req']['headers']): WriteCondition | undefined {
  const none = headers['if-none-match'];
  const match = headers['if-match'];
  if (none === undefined && match === undefined) return undefined;
  if (none !== undefined && none.trim() !== '*') throw new S3Error('NotImplemented', 'If-None-Match on a write only supports *.');
  const condition: WriteCondition = {};
  if (none !== undefined) condition.ifNoneMatch = true;
  if (match !== undefined) condition.ifMatch = match.trim().replace(/^"|"$/g, '');
  return condition;
}

/** Checks a write condition against the current object before the body is read (the commit checks again). */
export function precheckWriteCondition(condition: WriteCondition | undefined, current: ObjectMeta | undefined, key: string): void {
  if (!condition) return;
  if (condition.ifNoneMatch && current) throw writeConditionFailed('exists', key);
  if (condition.ifMatch !== undefined) {
    if (!current) throw writeConditionFailed('missing', key);
    if (current.etag !== condition.ifMatch) throw writeConditionFailed('etag', key);
  }
}

function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Waits until the file is closed, so an unlink cannot run before a late open creates it. */
function closed(file: WriteStream): Promise<void> {
  if (file.closed) return Promise.resolve();
  const done = new Promise<void>((resolve) => file.once('close', () => resolve()));
  file.destroy();
  return done;
}

/**
 * The durable write path shared by PutObject and CopyObject:
 * write intent → new blob file under its random id (written and fsynced by `write`) →
 * one transaction (upsert row, clear intent, mark the replaced blob as garbage) → unlink the old blob.
 * The blob is invisible until that commit; any failure before it removes the blob and the intent,
 * and a crash leaves the intent for start-up recovery: nothing visible changes.
 */
export async function storeObject<T>(
  ctx: S3Context,
  write: (file: WriteStream) => Promise<T>,
  describe: (written: T, blobId: string) => ObjectMeta,
  condition?: WriteCondition,
): Promise<ObjectMeta> {
  const { meta, blobs } = ctx.deps;
  const blobId = blobs.newId();
  await meta.beginUpload(blobId);
  const file = blobs.createBlobStream(blobId);
  let written: T;
  try {
    written = await write(file);
  } catch (err) {
    await closed(file);
    await blobs.remove(blobId);
    await meta.forgetIntent(blobId);
    throw err;
  }
  const row = describe(written, blobId);
  let replaced: string | undefined;
  try {
    replaced = await meta.commitObject(row, condition);
  } catch (err) {
    await blobs.remove(blobId);
    await meta.forgetIntent(blobId);
    if (isForeignKeyViolation(err)) throw new S3Error('NoSuchBucket', undefined, { resource: `/${row.bucket}` });
    if (err instanceof WriteConditionError) throw writeConditionFailed(err.reason, row.key);
    throw err;
  }
  if (replaced) await ctx.deps.reaper.reap(replaced);
  return row;
}
