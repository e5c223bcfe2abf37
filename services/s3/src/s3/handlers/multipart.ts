import { pipeline } from 'node:stream/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { authorize } from '../authorize.ts';
import { BodyDigest, CHECKSUM_ALGORITHMS, checksumHeader, type ChecksumAlgorithm } from '../checksums.ts';
import { checkCopySourceConditions } from '../conditions.ts';
import type { S3Context } from '../context.ts';
import { S3Error } from '../errors.ts';
import { requireBucket, requireObject } from '../lookup.ts';
import { MAX_PART_SIZE, parsePartNumber, requireUpload, storePart } from '../multipart.ts';
import { readContentHeaders } from '../object-headers.ts';
import { planBody, receiveBody } from '../request-body.ts';
import { sendEmpty, sendXml } from '../respond.ts';
import { XmlWriter } from '../xml.ts';
import { parseCopySource } from './copy-object.ts';
import { FILE_HWM } from '../../store/blob.store.ts';
import { NoSuchUploadError } from '../../store/multipart.store.ts';
import { noSuchUpload } from '../multipart.ts';

type ObjectEp = { bucket: string; key: string; query: URLSearchParams };

function header(ctx: S3Context, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The checksum algorithm and type of a new upload (x-amz-checksum-algorithm / -type). */
function uploadChecksum(ctx: S3Context): { algorithm: ChecksumAlgorithm | null; type: string | null } {
  const raw = header(ctx, 'x-amz-checksum-algorithm');
  if (raw === undefined) return { algorithm: null, type: null };
  const algorithm = CHECKSUM_ALGORITHMS.find((a) => a === raw.trim().toUpperCase());
  if (!algorithm) throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-algorithm header is invalid.');
  const fullOnly = algorithm === 'CRC64NVME';
  const crc = algorithm.startsWith('CRC');
  const type = (header(ctx, 'x-amz-checksum-type') ?? (fullOnly ? 'FULL_OBJECT' : 'COMPOSITE')).trim().toUpperCase();
  if (type !== 'COMPOSITE' && type !== 'FULL_OBJECT') throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  if ((type === 'COMPOSITE' && fullOnly) || (type === 'FULL_OBJECT' && !crc)) {
    throw new S3Error('InvalidRequest', `The ${type} checksum type cannot be used with the ${algorithm} checksum algorithm.`);
  }
  return { algorithm, type };
}

export async function createMultipartUpload(ctx: S3Context, ep: ObjectEp): Promise<void> {
  const headers = readContentHeaders(ctx.req.headers);
  const checksum = uploadChecksum(ctx);
  await requireBucket(ctx, ep.bucket);
  const uploadId = randomBytes(24).toString('base64url');
  await ctx.deps.uploads.createUpload({
    uploadId,
    bucket: ep.bucket,
    key: ep.key,
    owner: ctx.key.owner,
    headers: JSON.stringify(headers),
    checksumAlgorithm: checksum.algorithm,
    checksumType: checksum.type,
    createdAt: ctx.now.toISOString(),
  });
  const out: Record<string, string> = {};
  if (checksum.algorithm) {
    out['x-amz-checksum-algorithm'] = checksum.algorithm;
    out['x-amz-checksum-type'] = checksum.type!;
  }
  for (const [k, v] of Object.entries(out)) ctx.res.setHeader(k, v);
  sendXml(ctx.res, 200, new XmlWriter('InitiateMultipartUploadResult').leaf('Bucket', ep.bucket).leaf('Key', ep.key).leaf('UploadId', uploadId).toString());
}

function partHeaders(part: { etag: string; checksums: Record<string, string> }): Record<string, string> {
  const out: Record<string, string> = { etag: `"${part.etag}"`, 'content-length': '0' };
  for (const [alg, value] of Object.entries(part.checksums)) out[checksumHeader(alg as ChecksumAlgorithm)] = value;
  return out;
}

export async function uploadPart(ctx: S3Context, ep: ObjectEp): Promise<void> {
  const partNumber = parsePartNumber(ep.query.get('partNumber'));
  const plan = planBody(ctx, MAX_PART_SIZE);
  const upload = await requireUpload(ctx, ep.bucket, ep.key, ep.query.get('uploadId'));
  const alg = upload.checksumAlgorithm as ChecksumAlgorithm | null;
  if (alg) {
    const other = plan.requested.find((r) => r.algorithm !== alg);
    if (other) throw new S3Error('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${alg.toLowerCase()}, actual checksum Type: ${other.algorithm.toLowerCase()}`);
    // The upload's algorithm is computed for every part, sent or not: Complete needs it.
    if (plan.requested.length === 0) plan.requested.push({ algorithm: alg, fromTrailer: false });
  }
  const part = await storePart(ctx, upload.uploadId, partNumber, (tmp) => receiveBody(ctx, plan, tmp));
  sendEmpty(ctx.res, 200, partHeaders(part));
}

class DigestStage extends Transform {
  constructor(readonly digest: BodyDigest) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.digest.update(chunk);
    callback(null, chunk);
  }
}

/** x-amz-copy-source-range: `bytes=first-last`, both given and inside the source. */
function copyRange(raw: string | undefined, size: number): { start: number; end: number } | null {
  if (raw === undefined) return null;
  const m = /^bytes=(\d+)-(\d+)$/.exec(raw.trim());
  if (!m) throw new S3Error('InvalidArgument', 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', { fields: { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: raw } });
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start || end >= size) throw new S3Error('InvalidRange', undefined, { fields: { RangeRequested: raw, ActualObjectSize: String(size) } });
  return { start, end };
}

export async function uploadPartCopy(ctx: S3Context, ep: ObjectEp): Promise<void> {
  const partNumber = parsePartNumber(ep.query.get('partNumber'));
  const src = parseCopySource(String(ctx.req.headers['x-amz-copy-source']));
  authorize(ctx, 's3:GetObject', src.bucket, src.key);
  const upload = await requireUpload(ctx, ep.bucket, ep.key, ep.query.get('uploadId'));
  const source = await requireObject(ctx, src.bucket, src.key);
  checkCopySourceConditions(ctx.req.headers, source, `/${src.bucket}/${src.key}`);
  const range = copyRange(header(ctx, 'x-amz-copy-source-range'), source.size);
  const length = range ? range.end - range.start + 1 : source.size;
  if (length > MAX_PART_SIZE) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  const fh = await ctx.deps.blobs.openBlob(source.blobId);
  if (!fh) throw new S3Error('NoSuchKey', undefined, { resource: `/${src.bucket}/${src.key}` });
  const alg = upload.checksumAlgorithm as ChecksumAlgorithm | null;
  const digest = new BodyDigest({ checksums: alg ? [alg] : [] });
  const part = await storePart(ctx, upload.uploadId, partNumber, async (tmp) => {
    const read = length === 0 ? Readable.from([]) : fh.createReadStream({ start: range?.start ?? 0, end: range?.end ?? source.size - 1, highWaterMark: FILE_HWM, autoClose: true });
    await pipeline(read, new DigestStage(digest), tmp);
    const result = digest.finish();
    return { size: length, md5Hex: result.md5.toString('hex'), checksums: result.checksums as Record<string, string> };
  }).finally(() => fh.close().catch(() => {}));
  const xml = new XmlWriter('CopyPartResult').leaf('LastModified', part.lastModified).leaf('ETag', `"${part.etag}"`);
  for (const [a, value] of Object.entries(part.checksums)) xml.leaf(`Checksum${a}`, value);
  sendXml(ctx.res, 200, xml.toString());
}

export async function abortMultipartUpload(ctx: S3Context, ep: ObjectEp): Promise<void> {
  const upload = await requireUpload(ctx, ep.bucket, ep.key, ep.query.get('uploadId'));
  let garbage: string[];
  try {
    garbage = await ctx.deps.uploads.abortUpload(upload.uploadId);
  } catch (err) {
    if (err instanceof NoSuchUploadError) throw noSuchUpload(upload.uploadId);
    throw err;
  }
  for (const id of garbage) await ctx.deps.reaper.reap(id);
  sendEmpty(ctx.res, 204);
}
