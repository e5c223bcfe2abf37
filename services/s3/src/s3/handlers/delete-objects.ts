import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { S3Context } from '../context.ts';
import { S3Error } from '../errors.ts';
import { isAllowed, s3Resource } from '../../iam/policy.ts';
import { MAX_KEY_BYTES } from '../endpoint.ts';
import { requireBucket } from '../lookup.ts';
import { readSmallBody } from '../request-body.ts';
import { sendXml } from '../respond.ts';
import { XmlWriter } from '../xml.ts';
import { removeObject } from './delete-object.ts';

const MAX_KEYS = 1000;
const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  removeNSPrefix: true,
  ignoreAttributes: true,
  htmlEntities: true, // numeric character references (&#x1F;) in keys
  isArray: (name) => name === 'Object',
});

interface DeleteRequest {
  quiet: boolean;
  keys: string[];
}

function parseDelete(body: string): DeleteRequest {
  if (body.trim() === '' || XMLValidator.validate(body) !== true) throw new S3Error('MalformedXML');
  const doc = parser.parse(body) as { Delete?: { Quiet?: unknown; Object?: Array<{ Key?: unknown }> } | string };
  const del = doc.Delete;
  if (!del || typeof del !== 'object' || !Array.isArray(del.Object) || del.Object.length === 0 || del.Object.length > MAX_KEYS) {
    throw new S3Error('MalformedXML');
  }
  const keys = del.Object.map((o) => {
    if (typeof o !== 'object' || typeof o.Key !== 'string') throw new S3Error('MalformedXML');
    return o.Key;
  });
  const quiet = typeof del.Quiet === 'string' && del.Quiet.trim().toLowerCase() === 'true';
  return { quiet, keys };
}

function hasIntegrityHeader(headers: S3Context['req']['headers']): boolean {
  if (headers['content-md5'] !== undefined) return true;
  return Object.keys(headers).some((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-mode') ||
    headers['x-amz-sdk-checksum-algorithm'] !== undefined || headers['x-amz-trailer'] !== undefined;
}

/** DeleteObjects: up to 1000 keys, Content-MD5 or a checksum required like S3, Quiet mode. */
export async function deleteObjects(ctx: S3Context, ep: { bucket: string }): Promise<void> {
  if (!hasIntegrityHeader(ctx.req.headers)) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: Content-MD5 or x-amz-checksum-*');
  }
  await requireBucket(ctx, ep.bucket);
  const body = await readSmallBody(ctx, 2 * 1024 * 1024);
  const { quiet, keys } = parseDelete(body.toString('utf8'));
  const xml = new XmlWriter('DeleteResult');
  for (const key of keys) {
    const error = await deleteOne(ctx, ep.bucket, key);
    if (error) xml.open('Error').leaf('Key', key).leaf('Code', error.code).leaf('Message', error.message).close('Error');
    else if (!quiet) xml.open('Deleted').leaf('Key', key).close('Deleted');
  }
  sendXml(ctx.res, 200, xml.toString());
}

async function deleteOne(ctx: S3Context, bucket: string, key: string): Promise<{ code: string; message: string } | undefined> {
  if (key === '') return { code: 'InvalidArgument', message: 'Invalid key: empty' };
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return { code: 'KeyTooLongError', message: 'Your key is too long' };
  if (!isAllowed(ctx.key.policy, 's3:DeleteObject', s3Resource(bucket, key), { principal: ctx.key.owner })) {
    return { code: 'AccessDenied', message: 'Access Denied' };
  }
  try {
    await removeObject(ctx, bucket, key);
    return undefined;
  } catch (err) {
    ctx.deps.log.error({ err, bucket, key, requestId: ctx.requestId }, 'multi-delete of one key failed');
    return { code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
  }
}
