import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyDigest, requestedChecksums, verifyChecksums, verifyContentMd5, type ChecksumAlgorithm, type RequestedChecksum } from './checksums.ts';
import type { S3Context } from './context.ts';
import { S3Error } from './errors.ts';
import { verifyPayloadSha256 } from './sigv4.ts';
import { ChunkedDecoder } from './streaming-payload.ts';

/** What a body must be, read from the headers before any byte of it is read. */
export interface BodyPlan {
  size: number;
  requested: RequestedChecksum[];
}

export interface ReceivedBody {
  size: number;
  md5Hex: string;
  /** Verified checksums to store (the ones the request asked for). */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

function headerValue(ctx: S3Context, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isStreaming(ctx: S3Context): boolean {
  return ctx.auth.payloadMode.startsWith('streaming-');
}

/**
 * Declared size (Content-Length, or x-amz-decoded-content-length for aws-chunked) checked against
 * the limit, and the requested checksums, so bad headers fail before the body is read.
 */
export function planBody(ctx: S3Context, maxSize: number): BodyPlan {
  const raw = isStreaming(ctx) ? headerValue(ctx, 'x-amz-decoded-content-length') : headerValue(ctx, 'content-length');
  if (raw === undefined) throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.');
  if (!/^\d{1,16}$/.test(raw)) throw new S3Error('InvalidArgument', 'Invalid content length', { fields: { ArgumentName: 'content-length', ArgumentValue: raw } });
  const size = Number(raw);
  if (size > maxSize) {
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', {
      fields: { ProposedSize: raw, MaxSizeAllowed: String(maxSize) },
    });
  }
  return { size, requested: requestedChecksums(ctx.req.headers) };
}

/** Passes bytes through unchanged while feeding the digests. */
class DigestStage extends Transform {
  constructor(readonly digest: BodyDigest) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.digest.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Streams the request body into `sink` (backpressure end to end), decoding aws-chunked bodies
 * (chunk signatures checked by the decoder), then verifies length, payload SHA-256, Content-MD5
 * and checksums (header or trailer). Throws before the caller commits anything.
 */
export async function receiveBody(ctx: S3Context, plan: BodyPlan, sink: Writable): Promise<ReceivedBody> {
  const digest = new BodyDigest({ sha256: ctx.auth.payloadMode === 'signed', checksums: plan.requested.map((r) => r.algorithm) });
  const stage = new DigestStage(digest);
  let trailers: Record<string, string> = {};
  if (isStreaming(ctx)) {
    const decoder = new ChunkedDecoder({
      mode: ctx.auth.payloadMode,
      verified: ctx.verified,
      declaredTrailers: (headerValue(ctx, 'x-amz-trailer') ?? '').split(','),
      decodedLength: plan.size,
    });
    await pipeline(ctx.req, decoder, stage, sink);
    trailers = decoder.trailers;
  } else {
    await pipeline(ctx.req, stage, sink);
  }
  if (digest.size !== plan.size) {
    throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
  }
  const result = digest.finish();
  if (result.sha256) verifyPayloadSha256(ctx.auth, result.sha256);
  verifyContentMd5(headerValue(ctx, 'content-md5'), result.md5);
  const checksums = verifyChecksums(plan.requested, result.checksums, trailers);
  return { size: plan.size, md5Hex: result.md5.toString('hex'), checksums };
}

/** A small body (an XML document) read whole, with the same checks; empty when there is none. */
export async function readSmallBody(ctx: S3Context, limit: number): Promise<Buffer> {
  if (headerValue(ctx, 'content-length') === undefined && !isStreaming(ctx)) {
    if (ctx.req.headers['transfer-encoding'] !== undefined) throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.');
    return Buffer.alloc(0);
  }
  const plan = planBody(ctx, limit);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await receiveBody(ctx, plan, sink);
  return Buffer.concat(chunks);
}
