import type { WriteStream } from 'node:fs';
import type { S3Context } from './context.ts';
import { S3Error } from './errors.ts';
import type { ObjectMeta } from '../store/meta.store.ts';

function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * The durable write path shared by PutObject and CopyObject:
 * write intent → temp file (written and fsynced by `write`) → rename into blobs/ →
 * one transaction (upsert row, clear intent, mark the replaced blob as garbage) → unlink the old blob.
 * Any failure before the commit removes the temp file / blob and the intent: nothing visible changes.
 */
export async function storeObject<T>(
  ctx: S3Context,
  write: (tmp: WriteStream) => Promise<T>,
  describe: (written: T, blobId: string) => ObjectMeta,
): Promise<ObjectMeta> {
  const { meta, blobs } = ctx.deps;
  const blobId = blobs.newId();
  await meta.beginUpload(blobId);
  let written: T;
  try {
    written = await write(blobs.createTmpStream(blobId));
    await blobs.publish(blobId);
  } catch (err) {
    await blobs.discardTmp(blobId);
    await meta.forgetIntent(blobId);
    throw err;
  }
  const row = describe(written, blobId);
  let replaced: string | undefined;
  try {
    replaced = await meta.commitObject(row);
  } catch (err) {
    await blobs.remove(blobId);
    await meta.forgetIntent(blobId);
    if (isForeignKeyViolation(err)) throw new S3Error('NoSuchBucket', undefined, { resource: `/${row.bucket}` });
    throw err;
  }
  if (replaced) await ctx.deps.reaper.reap(replaced);
  return row;
}
