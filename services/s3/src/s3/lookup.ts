import { S3Error } from './errors.ts';
import type { S3Context } from './context.ts';
import type { BucketRow, ObjectMeta } from '../store/meta.store.ts';

export async function requireBucket(ctx: S3Context, bucket: string): Promise<BucketRow> {
  const row = await ctx.deps.meta.getBucket(bucket);
  if (!row) throw new S3Error('NoSuchBucket', undefined, { fields: { BucketName: bucket } });
  return row;
}

/** The object's metadata, or NoSuchKey / NoSuchBucket (the bucket is only looked up on a miss). */
export async function requireObject(ctx: S3Context, bucket: string, key: string): Promise<ObjectMeta> {
  const meta = await ctx.deps.meta.getObject(bucket, key);
  if (meta) return meta;
  await requireBucket(ctx, bucket);
  throw new S3Error('NoSuchKey', undefined, { resource: `/${bucket}/${key}`, fields: { Key: key } });
}

export function isoTime(iso: string): string {
  return new Date(iso).toISOString();
}
