import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { S3Context } from '../context.ts';
import { isValidBucketName } from '../bucket-name.ts';
import { S3Error } from '../errors.ts';
import { requireBucket } from '../lookup.ts';
import { readSmallBody } from '../request-body.ts';
import { sendEmpty, sendXml } from '../respond.ts';
import { XmlWriter } from '../xml.ts';
import { BucketExistsError } from '../../store/meta.store.ts';

type BucketEp = { bucket: string };

/** ListBuckets: the buckets owned by the request's key owner. */
export async function listBuckets(ctx: S3Context): Promise<void> {
  const owner = ctx.key.owner;
  const rows = await ctx.deps.meta.listBuckets(owner);
  const xml = new XmlWriter('ListAllMyBucketsResult').open('Owner').leaf('ID', owner).leaf('DisplayName', owner).close('Owner').open('Buckets');
  for (const b of rows) xml.open('Bucket').leaf('Name', b.name).leaf('CreationDate', new Date(b.createdAt).toISOString()).close('Bucket');
  xml.close('Buckets');
  sendXml(ctx.res, 200, xml.toString());
}

/** The optional CreateBucketConfiguration body: only this server's region (or none) is accepted. */
async function readLocationConstraint(ctx: S3Context): Promise<string | undefined> {
  const body = (await readSmallBody(ctx, 64 * 1024)).toString('utf8').trim();
  if (body === '') return undefined;
  if (XMLValidator.validate(body) !== true) throw new S3Error('MalformedXML');
  const doc = new XMLParser({ parseTagValue: false, removeNSPrefix: true }).parse(body) as { CreateBucketConfiguration?: { LocationConstraint?: unknown } };
  const loc = doc.CreateBucketConfiguration?.LocationConstraint;
  return typeof loc === 'string' && loc !== '' ? loc : undefined;
}

export async function createBucket(ctx: S3Context, ep: BucketEp): Promise<void> {
  if (!isValidBucketName(ep.bucket)) throw new S3Error('InvalidBucketName', undefined, { resource: `/${ep.bucket}`, fields: { BucketName: ep.bucket } });
  const location = await readLocationConstraint(ctx);
  const region = ctx.deps.config.region;
  if (location !== undefined && location !== region) {
    throw new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', { fields: { LocationConstraint: location } });
  }
  try {
    await ctx.deps.meta.createBucket({ name: ep.bucket, owner: ctx.key.owner, region, createdAt: ctx.now.toISOString() });
  } catch (err) {
    if (!(err instanceof BucketExistsError)) throw err;
    const existing = await ctx.deps.meta.getBucket(ep.bucket);
    if (existing?.owner === ctx.key.owner) {
      throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { resource: `/${ep.bucket}`, fields: { BucketName: ep.bucket } });
    }
    throw new S3Error('BucketAlreadyExists', 'The requested bucket name is not available.', { resource: `/${ep.bucket}`, fields: { BucketName: ep.bucket } });
  }
  sendEmpty(ctx.res, 200, { location: `/${ep.bucket}`, 'content-length': 0 });
}

export async function headBucket(ctx: S3Context, ep: BucketEp): Promise<void> {
  const b = await requireBucket(ctx, ep.bucket);
  sendEmpty(ctx.res, 200, { 'x-amz-bucket-region': b.region, 'content-length': 0 });
}

export async function getBucketLocation(ctx: S3Context, ep: BucketEp): Promise<void> {
  const b = await requireBucket(ctx, ep.bucket);
  // us-east-1 is reported as an empty LocationConstraint, like S3.
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${b.region === 'us-east-1' ? '' : b.region}</LocationConstraint>`;
  sendXml(ctx.res, 200, xml);
}

export async function deleteBucket(ctx: S3Context, ep: BucketEp): Promise<void> {
  await requireBucket(ctx, ep.bucket);
  // Unfinished multipart uploads keep a bucket as an object would (abort them first).
  const uploads = await ctx.deps.uploads.listUploads({ bucket: ep.bucket, prefix: '', limit: 1 });
  if (uploads.length > 0 || !(await ctx.deps.meta.deleteBucket(ep.bucket))) {
    throw new S3Error('BucketNotEmpty', undefined, { resource: `/${ep.bucket}`, fields: { BucketName: ep.bucket } });
  }
  sendEmpty(ctx.res, 204);
}
