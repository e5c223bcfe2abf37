import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { crc32c } from '@node-rs/crc32';
import { BodyDigest, type ChecksumAlgorithm } from './checksums.ts';
import type { S3Context } from './context.ts';
import { S3Error } from './errors.ts';
import { writeConditionFailed } from './store-object.ts';
import { FILE_HWM } from '../store/blob.store.ts';
import { WriteConditionError, type ObjectMeta, type WriteCondition } from '../store/meta.store.ts';
import { NoSuchUploadError, PartsChangedError, type PartMeta, type UploadRow } from '../store/multipart.store.ts';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_PART_NUMBER = 10_000;

export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error('NoSuchUpload', undefined, { fields: { UploadId: uploadId } });
}

/** The upload named by ?uploadId, which must belong to this bucket and key. */
export async function requireUpload(ctx: S3Context, bucket: string, key: string, uploadId: string | null): Promise<UploadRow> {
  if (!uploadId) throw new S3Error('InvalidArgument', 'uploadId is required', { fields: { ArgumentName: 'uploadId' } });
  const upload = await ctx.deps.uploads.getUpload(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

export function parsePartNumber(raw: string | null): number {
  const n = raw !== null && /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_PART_NUMBER)) {
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
      fields: { ArgumentName: 'partNumber', ArgumentValue: raw ?? '' },
    });
  }
  return n;
}

/**
 * Part write path, like storeObject: intent → temp file (fsynced by the stream) → rename →
 * one transaction recording the part (a re-upload's old blob becomes garbage) → unlink the old blob.
 */
export async function storePart<T extends { size: number; md5Hex: string; checksums: Record<string, string> }>(
  ctx: S3Context,
  uploadId: string,
  partNumber: number,
  write: (tmp: Writable) => Promise<T>,
): Promise<PartMeta> {
  const { meta, blobs, uploads } = ctx.deps;
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
  const part: PartMeta = { partNumber, blobId, size: written.size, etag: written.md5Hex, checksums: written.checksums, lastModified: new Date().toISOString() };
  let replaced: string | undefined;
  try {
    replaced = await uploads.commitPart(uploadId, part);
  } catch (err) {
    await blobs.remove(blobId);
    await meta.forgetIntent(blobId);
    if (err instanceof NoSuchUploadError) throw noSuchUpload(uploadId);
    throw err;
  }
  if (replaced) await ctx.deps.reaper.reap(replaced);
  return part;
}

/** `"<md5 of the concatenated binary part MD5s>-N"` (unquoted here). */
export function multipartEtag(parts: readonly PartMeta[]): string {
  const h = createHash('md5');
  for (const p of parts) h.update(Buffer.from(p.etag, 'hex'));
  return `${h.digest('hex')}-${parts.length}`;
}

/** AWS COMPOSITE checksum: the algorithm over the concatenated binary part checksums, then `-N`. */
export function compositeChecksum(alg: ChecksumAlgorithm, partValues: readonly string[]): string {
  const joined = Buffer.concat(partValues.map((v) => Buffer.from(v, 'base64')));
  let digest: Buffer;
  if (alg === 'CRC32' || alg === 'CRC32C') {
    digest = Buffer.allocUnsafe(4);
    digest.writeUInt32BE((alg === 'CRC32' ? crc32(joined) : crc32c(joined)) >>> 0);
  } else if (alg === 'SHA1' || alg === 'SHA256') {
    digest = createHash(alg === 'SHA1' ? 'sha1' : 'sha256').update(joined).digest();
  } else {
    throw new S3Error('InvalidRequest', `The ${alg} checksum algorithm only supports the FULL_OBJECT checksum type.`);
  }
  return `${digest.toString('base64')}-${partValues.length}`;
}

/**
 * Composes the parts into one new blob (temp file, fsync, rename) and commits the object and the
 * end of the upload in one transaction. The object stays one blob so GET, ranges, copy and
 * recovery work as for any object; the cost is one sequential copy of the bytes at Complete.
 */
export async function composeAndCommit(
  ctx: S3Context,
  upload: UploadRow,
  parts: readonly PartMeta[],
  describe: (blobId: string, fullChecksums: Record<string, string>) => ObjectMeta,
  condition: WriteCondition | undefined,
): Promise<ObjectMeta> {
  const { meta, blobs, uploads } = ctx.deps;
  const fullAlg = upload.checksumType === 'FULL_OBJECT' ? (upload.checksumAlgorithm as ChecksumAlgorithm) : undefined;
  const digest = fullAlg ? new BodyDigest({ checksums: [fullAlg] }) : undefined;
  const blobId = blobs.newId();
  await meta.beginUpload(blobId);
  try {
    async function* bytes(): AsyncGenerator<Buffer> {
      for (const p of parts) {
        let n = 0;
        for await (const chunk of createReadStream(blobs.blobPath(p.blobId), { highWaterMark: FILE_HWM }) as AsyncIterable<Buffer>) {
          digest?.update(chunk);
          n += chunk.length;
          yield chunk;
        }
        if (n !== p.size) throw new Error(`part blob ${p.blobId} holds ${n} bytes, expected ${p.size}`);
      }
    }
    await pipeline(Readable.from(bytes()), blobs.createTmpStream(blobId));
    await blobs.publish(blobId);
  } catch (err) {
    await blobs.discardTmp(blobId);
    await blobs.remove(blobId);
    await meta.forgetIntent(blobId);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new S3Error('InvalidPart', 'A part was replaced while the upload was being completed.');
    throw err;
  }
  const row = describe(blobId, digest ? (digest.finish().checksums as Record<string, string>) : {});
  let garbage: string[];
  try {
    garbage = await uploads.completeUpload(upload.uploadId, new Map(parts.map((p) => [p.partNumber, p.blobId])), row, condition);
  } catch (err) {
    await blobs.remove(blobId);
    await meta.forgetIntent(blobId);
    if (err instanceof NoSuchUploadError) throw noSuchUpload(upload.uploadId);
    if (err instanceof PartsChangedError) throw new S3Error('InvalidPart', 'A part was replaced while the upload was being completed.');
    if (err instanceof WriteConditionError) throw writeConditionFailed(err.reason, row.key);
    throw err;
  }
  for (const id of garbage) await ctx.deps.reaper.reap(id);
  return row;
}
