import { pipeline } from 'node:stream/promises';
import type { S3Context } from '../context.ts';
import { authorize } from '../authorize.ts';
import { checkCopySourceConditions } from '../conditions.ts';
import { S3Error } from '../errors.ts';
import { MAX_KEY_BYTES } from '../endpoint.ts';
import { requireBucket, requireObject } from '../lookup.ts';
import { readContentHeaders } from '../object-headers.ts';
import { sendXml } from '../respond.ts';
import { storeObject } from '../store-object.ts';
import { XmlWriter } from '../xml.ts';
import { FILE_HWM } from '../../store/blob.store.ts';

/** `x-amz-copy-source`: URL-encoded `bucket/key` or `/bucket/key`, optionally `?versionId=…` (ignored). */
export function parseCopySource(raw: string): { bucket: string; key: string } {
  const path = raw.split('?', 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.startsWith('/') ? path.slice(1) : path);
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', { fields: { ArgumentName: 'x-amz-copy-source' } });
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { fields: { ArgumentName: 'x-amz-copy-source' } });
  }
  const key = decoded.slice(slash + 1);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError');
  return { bucket: decoded.slice(0, slash), key };
}

/** CopyObject: bytes copied into a new blob (same ETag and checksums), metadata COPY or REPLACE. */
export async function copyObject(ctx: S3Context, ep: { bucket: string; key: string }): Promise<void> {
  const headers = ctx.req.headers;
  const src = parseCopySource(String(headers['x-amz-copy-source']));
  authorize(ctx, 's3:GetObject', src.bucket, src.key);
  const directive = String(headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new S3Error('InvalidArgument', 'Unknown metadata directive.', { fields: { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive } });
  }
  const replace = directive === 'REPLACE' ? readContentHeaders(headers) : undefined;
  await requireBucket(ctx, ep.bucket);
  const source = await requireObject(ctx, src.bucket, src.key);
  checkCopySourceConditions(headers, source, `/${src.bucket}/${src.key}`);
  if (src.bucket === ep.bucket && src.key === ep.key && !replace) {
    throw new S3Error('InvalidRequest', "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const fh = await ctx.deps.blobs.openBlob(source.blobId);
  if (!fh) throw new S3Error('NoSuchKey', undefined, { resource: `/${src.bucket}/${src.key}` });
  const stored = await storeObject(
    ctx,
    // The read stream closes the handle when it ends or fails; the catch below covers a failure before it starts.
    (tmp) => pipeline(fh.createReadStream({ highWaterMark: FILE_HWM, autoClose: true }), tmp),
    (_, blobId) => ({
      ...source,
      ...(replace ?? {}),
      bucket: ep.bucket,
      key: ep.key,
      blobId,
      owner: ctx.key.owner,
      lastModified: new Date().toISOString(),
    }),
  ).catch(async (err: unknown) => {
    await fh.close().catch(() => {});
    throw err;
  });
  const xml = new XmlWriter('CopyObjectResult').leaf('LastModified', stored.lastModified).leaf('ETag', `"${stored.etag}"`);
  for (const [alg, value] of Object.entries(stored.checksums)) xml.leaf(`Checksum${alg}`, value);
  sendXml(ctx.res, 200, xml.toString());
}
