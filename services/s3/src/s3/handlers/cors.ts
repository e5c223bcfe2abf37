import type { S3Context } from '../context.ts';
import { S3Error } from '../errors.ts';
import { corsConfigurationXml, parseCorsConfiguration } from '../cors.ts';
import { requireBucket } from '../lookup.ts';
import { readSmallBody } from '../request-body.ts';
import { sendEmpty, sendXml } from '../respond.ts';

type BucketEp = { bucket: string };

export async function putBucketCors(ctx: S3Context, ep: BucketEp): Promise<void> {
  const rules = parseCorsConfiguration((await readSmallBody(ctx, 64 * 1024)).toString('utf8'));
  await requireBucket(ctx, ep.bucket);
  await ctx.deps.cors.put(ep.bucket, rules);
  sendEmpty(ctx.res, 200, { 'content-length': '0' });
}

export async function getBucketCors(ctx: S3Context, ep: BucketEp): Promise<void> {
  await requireBucket(ctx, ep.bucket);
  const rules = await ctx.deps.cors.get(ep.bucket);
  if (!rules) throw new S3Error('NoSuchCORSConfiguration', 'The CORS configuration does not exist', { fields: { BucketName: ep.bucket } });
  sendXml(ctx.res, 200, corsConfigurationXml(rules));
}

export async function deleteBucketCors(ctx: S3Context, ep: BucketEp): Promise<void> {
  await requireBucket(ctx, ep.bucket);
  await ctx.deps.cors.delete(ep.bucket);
  sendEmpty(ctx.res, 204);
}
