import type { S3Context } from '../context.ts';
import { requireBucket } from '../lookup.ts';
import { readContentHeaders } from '../object-headers.ts';
import { planBody, receiveBody } from '../request-body.ts';
import { sendEmpty } from '../respond.ts';
import { precheckWriteCondition, readWriteCondition, storeObject } from '../store-object.ts';

/** PutObject: headers checked and the bucket found before any byte is read; body streamed to disk. */
export async function putObject(ctx: S3Context, ep: { bucket: string; key: string }): Promise<void> {
  const headers = readContentHeaders(ctx.req.headers);
  const plan = planBody(ctx, ctx.deps.config.maxObjectSize);
  const condition = readWriteCondition(ctx.req.headers);
  await requireBucket(ctx, ep.bucket);
  if (condition) precheckWriteCondition(condition, await ctx.deps.meta.getObject(ep.bucket, ep.key), ep.key);
  const stored = await storeObject(
    ctx,
    (tmp) => receiveBody(ctx, plan, tmp),
    (body, blobId) => ({
      bucket: ep.bucket,
      key: ep.key,
      size: body.size,
      etag: body.md5Hex,
      checksums: body.checksums,
      ...headers,
      lastModified: new Date().toISOString(),
      blobId,
      owner: ctx.key.owner,
    }),
    condition,
  );
  const out: Record<string, string> = { etag: `"${stored.etag}"`, 'content-length': '0' };
  for (const [alg, value] of Object.entries(stored.checksums)) out[`x-amz-checksum-${alg.toLowerCase()}`] = value;
  if (Object.keys(stored.checksums).length > 0) out['x-amz-checksum-type'] = 'FULL_OBJECT';
  sendEmpty(ctx.res, 200, out);
}
