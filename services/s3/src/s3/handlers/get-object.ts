import { pipeline } from 'node:stream/promises';
import type { FileHandle } from 'node:fs/promises';
import { checkReadConditions } from '../conditions.ts';
import type { S3Context } from '../context.ts';
import { requireObject } from '../lookup.ts';
import { setObjectHeaders } from '../object-headers.ts';
import { parseRange, type ByteRange } from '../range.ts';
import { FILE_HWM } from '../../store/blob.store.ts';
import type { ObjectMeta } from '../../store/meta.store.ts';

const SMALL_READ = 256 * 1024;

/** Opens the object's blob; an overwrite or delete may unlink it between lookup and open: look up once more. */
async function openObject(ctx: S3Context, bucket: string, key: string): Promise<{ meta: ObjectMeta; fh: FileHandle }> {
  for (let attempt = 0; ; attempt++) {
    const meta = await requireObject(ctx, bucket, key);
    const fh = await ctx.deps.blobs.openBlob(meta.blobId);
    if (fh) return { meta, fh };
    if (attempt >= 1) throw new Error(`blob ${meta.blobId} of ${bucket}/${key} is missing`);
  }
}

/** GetObject and HeadObject: conditionals, one range, stored headers, bytes streamed with backpressure. */
export async function serveObject(ctx: S3Context, bucket: string, key: string, query: URLSearchParams, head: boolean): Promise<void> {
  if (head) {
    writeHeaders(ctx, await requireObject(ctx, bucket, key), bucket, key, query);
    ctx.res.end();
    return;
  }
  const { meta, fh } = await openObject(ctx, bucket, key);
  let closeHandle = true;
  try {
    const range = writeHeaders(ctx, meta, bucket, key, query);
    const { res } = ctx;
    if (meta.size === 0) {
      res.end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? meta.size - 1;
    if (end - start < SMALL_READ) {
      // Small objects: one read and one write, none of the stream machinery.
      const buf = Buffer.allocUnsafe(end - start + 1);
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      if (bytesRead !== buf.length) throw new Error(`blob ${meta.blobId} is shorter than its recorded size`);
      res.end(buf);
      return;
    }
    const stream = fh.createReadStream({ start, end, highWaterMark: FILE_HWM, autoClose: true });
    closeHandle = false;
    await pipeline(stream, res);
  } finally {
    if (closeHandle) await fh.close();
  }
}

/** Conditionals, range and headers; returns the range to send (null: the whole object). */
function writeHeaders(ctx: S3Context, meta: ObjectMeta, bucket: string, key: string, query: URLSearchParams): ByteRange | null {
  checkReadConditions(ctx.req.headers, meta, `/${bucket}/${key}`);
  const range = parseRange(ctx.req.headers.range, meta.size);
  const { res } = ctx;
  const checksumMode = String(ctx.req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED';
  // A range's bytes do not match the whole object's checksum: S3 sends checksums for full reads only.
  setObjectHeaders(res, meta, query, checksumMode && range === null);
  if (range) {
    res.statusCode = 206;
    res.setHeader('content-range', `bytes ${range.start}-${range.end}/${meta.size}`);
    res.setHeader('content-length', range.end - range.start + 1);
  } else {
    res.statusCode = 200;
    res.setHeader('content-length', meta.size);
  }
  return range;
}

export function getObject(ctx: S3Context, ep: { bucket: string; key: string; query: URLSearchParams }): Promise<void> {
  return serveObject(ctx, ep.bucket, ep.key, ep.query, false);
}
