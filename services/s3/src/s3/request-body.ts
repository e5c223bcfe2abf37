import { createHash, type Hash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import type { S3Context } from './context.ts';
import { S3Error } from './errors.ts';
import { verifyPayloadSha256 } from './sigv4.ts';
import { ChunkedDecoder } from './streaming-payload.ts';

// PROVISIONAL digest until checksums.ts / streaming-payload.ts land.
export interface ReceivedBody {
  size: number;
  md5Hex: string;
  checksums: Record<string, string>;
}

class Digest extends Transform {
  size = 0;
  private md5 = createHash('md5');
  private sha?: Hash;
  private crc = 0;
  constructor(sha: boolean) {
    super({ highWaterMark: 1024 * 1024 });
    if (sha) this.sha = createHash('sha256');
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    this.sha?.update(chunk);
    this.crc = crc32(chunk, this.crc);
    cb(null, chunk);
  }
  result() {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(this.crc >>> 0);
    return { md5: this.md5.digest(), sha256: this.sha?.digest(), crc32: c.toString('base64') };
  }
}

function headerValue(ctx: S3Context, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The body size the client declares, checked against the limit before any byte is read. */
export function declaredSize(ctx: S3Context, maxSize: number): number {
  const streaming = ctx.auth.payloadMode.startsWith('streaming');
  const raw = streaming ? headerValue(ctx, 'x-amz-decoded-content-length') : headerValue(ctx, 'content-length');
  if (raw === undefined) throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.');
  if (!/^\d+$/.test(raw)) throw new S3Error('InvalidArgument', 'Invalid content length', { fields: { ArgumentName: 'content-length', ArgumentValue: raw } });
  const size = Number(raw);
  if (size > maxSize) {
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', {
      fields: { ProposedSize: raw, MaxSizeAllowed: String(maxSize) },
    });
  }
  return size;
}

/** Streams the request body into `sink`, decoding and verifying it on the way. */
export async function receiveBody(ctx: S3Context, sink: Writable, maxSize: number): Promise<ReceivedBody> {
  const size = declaredSize(ctx, maxSize);
  const digest = new Digest(ctx.auth.payloadMode === 'signed');
  const mode = ctx.auth.payloadMode;
  if (mode.startsWith('streaming-')) {
    const decoder = new ChunkedDecoder({ mode, verified: ctx.verified, declaredTrailers: (headerValue(ctx, 'x-amz-trailer') ?? '').split(','), decodedLength: size });
    await pipeline(ctx.req, decoder, digest, sink);
  } else {
    await pipeline(ctx.req, digest, sink);
  }
  if (digest.size !== size) throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
  const r = digest.result();
  if (r.sha256) verifyPayloadSha256(ctx.auth, r.sha256);
  const md5Header = headerValue(ctx, 'content-md5');
  if (md5Header !== undefined && md5Header !== r.md5.toString('base64')) throw new S3Error('BadDigest');
  return { size, md5Hex: r.md5.toString('hex'), checksums: { CRC32: r.crc32 } };
}

/** A small body (XML documents) read whole, with the same checks. */
export async function readSmallBody(ctx: S3Context, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new (await import('node:stream')).Writable({
    write(chunk: Buffer, _e, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  if (headerValue(ctx, 'content-length') === undefined && !ctx.auth.payloadMode.startsWith('streaming')) return Buffer.alloc(0);
  await receiveBody(ctx, sink, limit);
  return Buffer.concat(chunks);
}
