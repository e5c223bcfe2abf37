import type { S3Context } from '../context.ts';
import { requireBucket } from '../lookup.ts';
import { sendEmpty } from '../respond.ts';

/** Removes the row, then the bytes (a 'garbage' intent covers a crash in between). */
export async function removeObject(ctx: S3Context, bucket: string, key: string): Promise<void> {
  const blobId = await ctx.deps.meta.deleteObject(bucket, key);
  if (blobId) await ctx.deps.reaper.reap(blobId);
}

/** DeleteObject: idempotent, 204 whether or not the key existed. */
export async function deleteObject(ctx: S3Context, ep: { bucket: string; key: string }): Promise<void> {
  await requireBucket(ctx, ep.bucket);
  await removeObject(ctx, ep.bucket, ep.key);
  sendEmpty(ctx.res, 204);
}
