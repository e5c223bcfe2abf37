/**
 * Microbenchmark, run by hand: `node --import tsx services/s3/bench/aws-chunked.bench.ts`.
 * aws-chunked decoding MB/s on a 64 MiB body (64 KiB chunks, arriving in 64 KiB socket-sized
 * reads that do not line up with the chunks), against its floor: SHA-256 of the same bytes (bare,
 * and as a Transform in the same pipeline) for the signed format, a bare PassThrough for the
 * unsigned one. Also parseAuth + verifyRequest per second. Figures are per second of CPU time.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { chunkSignature, EMPTY_SHA256, sha256Hex, signRequest } from '@photocloud/sigv4';
import { parseAuth, verifyRequest, type AuthRequest, type VerifiedAuth } from '../src/s3/sigv4.ts';
import { ChunkedDecoder } from '../src/s3/streaming-payload.ts';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const CHUNK = 64 * 1024;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const now = Date.UTC(2026, 10, 24, 7);
const data = Buffer.alloc(SIZE, 'photo');

function request(payloadHash: string): { req: AuthRequest; verified: VerifiedAuth } {
  const headers = { 'x-amz-decoded-content-length': String(SIZE), 'content-encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc32' };
  const added = signRequest({ method: 'PUT', url: 'http://127.0.0.1:9000/bucket/photo.jpg', headers, payloadHash, accessKeyId: 'AKID', secretAccessKey: SECRET, region: 'us-east-1', service: 's3', now });
  const req: AuthRequest = { method: 'PUT', rawUrl: '/bucket/photo.jpg', headers: { host: '127.0.0.1:9000', ...headers, ...added } };
  return { req, verified: verifyRequest(req, parseAuth(req)!, SECRET, now) };
}

function encode(verified: VerifiedAuth | undefined): Buffer {
  const parts: Buffer[] = [];
  let prev = verified?.seedSignature ?? '';
  for (let off = 0; off <= SIZE; off += CHUNK) {
    const c = data.subarray(off, off + CHUNK);
    if (verified) {
      prev = chunkSignature(verified.signingKey, verified.amzDate, verified.scope, prev, c.length ? sha256Hex(c) : EMPTY_SHA256);
      parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${prev}\r\n`));
    } else {
      parts.push(Buffer.from(`${c.length.toString(16)}\r\n`));
    }
    if (c.length) parts.push(c, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(verified ? '\r\n' : 'x-amz-checksum-crc32:AAAAAA==\r\n\r\n'));
  return Buffer.concat(parts);
}

/** Socket-sized reads, offset so they never line up with the chunk framing. */
const reads = (body: Buffer) => Array.from({ length: Math.ceil(body.length / CHUNK) }, (_, i) => body.subarray(i * CHUNK, (i + 1) * CHUNK));
const hashing = () => {
  const h = createHash('sha256');
  return new Transform({ transform: (c: Buffer, _e, cb) => cb(null, h.update(c) && c), flush: (cb) => cb(null, void h.digest()) });
};
const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

/** CPU time in ms: everything here runs on this thread, and shared machines make wall time noisy. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function mbPerSecond(run: () => Promise<void>): Promise<number> {
  let best = 0;
  for (let i = 0; i < 4; i++) {
    const start = cpuMs();
    await run();
    best = Math.max(best, SIZE / MiB / ((cpuMs() - start) / 1000));
  }
  return best;
}

const signed = request('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
const unsigned = request('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
const signedBody = encode(signed.verified);
const unsignedBody = encode(undefined);

const rows: [string, number, string][] = [
  ['floor: SHA-256 of the body, no stream', await mbPerSecond(async () => void reads(data).reduce((h, r) => h.update(r), createHash('sha256')).digest()), 'MB/s'],
  ['floor: SHA-256 Transform in the same pipeline', await mbPerSecond(() => pipeline(Readable.from(reads(data)), hashing(), sink())), 'MB/s'],
  ['ours: ChunkedDecoder, signed chunks', await mbPerSecond(() => pipeline(Readable.from(reads(signedBody)), new ChunkedDecoder({ mode: 'streaming-signed', verified: signed.verified, declaredTrailers: [], decodedLength: SIZE }), sink())), 'MB/s'],
  ['floor: PassThrough of the body', await mbPerSecond(() => pipeline(Readable.from(reads(data)), new PassThrough(), sink())), 'MB/s'],
  ['ours: ChunkedDecoder, unsigned + trailer', await mbPerSecond(() => pipeline(Readable.from(reads(unsignedBody)), new ChunkedDecoder({ mode: 'streaming-unsigned-trailer', declaredTrailers: ['x-amz-checksum-crc32'], decodedLength: SIZE }), sink())), 'MB/s'],
];

let n = 0;
const start = cpuMs();
while (cpuMs() - start < 1000) {
  for (let i = 0; i < 200; i++, n++) verifyRequest(signed.req, parseAuth(signed.req)!, SECRET, now);
}
rows.push(['ours: parseAuth + verifyRequest', n / ((cpuMs() - start) / 1000), 'req/s']);
console.table(rows.map(([what, value, unit]) => ({ what, value: Math.round(value).toLocaleString('en-US'), unit })));
