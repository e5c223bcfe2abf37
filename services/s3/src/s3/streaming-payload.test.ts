import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { describe, it } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { canonicalTrailers, chunkSignature, sha256Hex, signRequest, trailerSignature } from '@photocloud/sigv4';
import { startRecorder } from '@photocloud/sigv4/testing';
import { S3Error } from './errors.ts';
import { parseAuth, verifyRequest, type AuthRequest, type VerifiedAuth } from './sigv4.ts';
import { ChunkedDecoder, type ChunkedDecoderOptions } from './streaming-payload.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const DOC_NOW = Date.UTC(2013, 4, 24);
const DOC_SIGS = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];

/** The STREAMING-AWS4-HMAC-SHA256-PAYLOAD example of the S3 documentation (65 KiB of 'a'). */
function docExample(sigs = DOC_SIGS) {
  const body = Buffer.concat([
    Buffer.from(`10000;chunk-signature=${sigs[0]}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from(`\r\n400;chunk-signature=${sigs[1]}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from(`\r\n0;chunk-signature=${sigs[2]}\r\n\r\n`),
  ]);
  const req: AuthRequest = {
    method: 'PUT',
    rawUrl: '/examplebucket/chunkObject.txt',
    headers: {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': String(body.length),
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    },
  };
  const auth = parseAuth(req)!;
  return { body, auth, verified: verifyRequest(req, auth, SECRET, DOC_NOW) };
}

/** Feeds `body` in writes of `step` bytes; returns what came out, the trailers and the error if any. */
async function decode(body: Buffer, opts: ChunkedDecoderOptions, step = body.length) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += step) pieces.push(body.subarray(i, i + step));
  const decoder = new ChunkedDecoder(opts);
  const out: Buffer[] = [];
  let error: unknown;
  try {
    await pipeline(Readable.from(pieces), decoder, async (source: AsyncIterable<Buffer>) => {
      for await (const b of source) out.push(b);
    });
  } catch (err) {
    error = err;
  }
  return { data: Buffer.concat(out), trailers: decoder.trailers, error };
}

function assertS3Error(error: unknown, code: string, message?: RegExp) {
  assert.ok(error instanceof S3Error, `expected S3Error ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
  if (message) assert.match(error.message, message);
}

/** Client-side encoder for the signed formats, built on our signing package. */
function encodeSigned(v: VerifiedAuth, chunks: Buffer[], trailers?: [string, string][]) {
  const parts: Buffer[] = [];
  let prev = v.seedSignature;
  for (const c of [...chunks, Buffer.alloc(0)]) {
    prev = chunkSignature(v.signingKey, v.amzDate, v.scope, prev, sha256Hex(c));
    parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${prev}\r\n`));
    if (c.length > 0) parts.push(c, Buffer.from('\r\n'));
  }
  if (trailers) {
    for (const [n, value] of trailers) parts.push(Buffer.from(`${n}:${value}\r\n`));
    const sig = trailerSignature(v.signingKey, v.amzDate, v.scope, prev, canonicalTrailers(trailers));
    parts.push(Buffer.from(`x-amz-trailer-signature:${sig}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

describe('ChunkedDecoder, STREAMING-AWS4-HMAC-SHA256-PAYLOAD', () => {
  it('decodes the AWS documentation example whole and in 1-byte writes', async () => {
    const { body, verified } = docExample();
    for (const step of [body.length, 1, 7, 65540]) {
      const r = await decode(body, { mode: 'streaming-signed', verified, declaredTrailers: [], decodedLength: 66560 }, step);
      assert.equal(r.error, undefined, `step ${step}`);
      assert.ok(r.data.equals(Buffer.alloc(66560, 'a')));
    }
  });

  it('rejects a chunk tampered at one byte before passing any of its data on', async () => {
    const { body, verified } = docExample();
    for (const [offset, passed] of [[100, 0], [body.indexOf('\r\n400;') + 200, 65536]] as const) {
      const tampered = Buffer.from(body);
      tampered[offset] = 'b'.charCodeAt(0);
      const r = await decode(tampered, { mode: 'streaming-signed', verified, declaredTrailers: [] }, 1);
      assertS3Error(r.error, 'SignatureDoesNotMatch');
      assert.equal(r.data.length, passed);
    }
  });

  it('rejects a wrong final-chunk signature, a truncated body and a length other than declared', async () => {
    const { body, verified } = docExample();
    const opts = { mode: 'streaming-signed', verified, declaredTrailers: [] } as const;
    const badFinal = docExample([DOC_SIGS[0]!, DOC_SIGS[1]!, '0'.repeat(64)]).body;
    assertS3Error((await decode(badFinal, opts)).error, 'SignatureDoesNotMatch');
    assertS3Error((await decode(body.subarray(0, 40000), opts)).error, 'IncompleteBody');
    assertS3Error((await decode(body.subarray(0, body.length - 2), opts)).error, 'IncompleteBody');
    assertS3Error((await decode(body, { ...opts, decodedLength: 66561 })).error, 'IncompleteBody');
    assertS3Error((await decode(body, { ...opts, decodedLength: 1000 })).error, 'InvalidRequest', /longer/);
    assertS3Error((await decode(Buffer.concat([body, Buffer.from('x')]), opts)).error, 'InvalidRequest', /follows the final chunk/);
  });

  it('rejects malformed framing', async () => {
    const { verified } = docExample();
    const opts = { mode: 'streaming-signed', verified, declaredTrailers: [] } as const;
    const sig = DOC_SIGS[0]!;
    // A correctly signed 1-byte chunk, so that only the framing after it is wrong.
    const one = chunkSignature(verified.signingKey, verified.amzDate, verified.scope, verified.seedSignature, sha256Hex('a'));
    for (const bad of [`zz;chunk-signature=${sig}\r\n`, '10000\r\n', `1;chunk-signature=${one}\r\nab\r\n`, `1;chunk-signature=${sig}\nx`, 'x'.repeat(9000)]) {
      assertS3Error((await decode(Buffer.from(bad), opts)).error, 'InvalidRequest');
    }
  });
});

describe('ChunkedDecoder, trailer modes', () => {
  it('decodes the AWS SDK STREAMING-UNSIGNED-PAYLOAD-TRAILER body with its CRC32 trailer', async () => {
    const rec = await startRecorder();
    const client = new S3Client({ region: 'us-east-1', endpoint: rec.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'AKID', secretAccessKey: SECRET } });
    const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]), ContentLength: data.length }));
    client.destroy();
    await rec.close();
    const sent = rec.requests[0]!;
    assert.equal(sent.headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    const auth = parseAuth({ method: sent.method, rawUrl: sent.url, headers: sent.headers })!;
    const verified = verifyRequest({ method: sent.method, rawUrl: sent.url, headers: sent.headers }, auth, SECRET, Date.now());
    const declaredTrailers = String(sent.headers['x-amz-trailer']).split(',');
    for (const step of [sent.body.length, 1, 4096]) {
      const r = await decode(sent.body, { mode: auth.payloadMode, verified, declaredTrailers, decodedLength: Number(sent.headers['x-amz-decoded-content-length']) }, step);
      assert.equal(r.error, undefined);
      assert.ok(r.data.equals(data));
      const expected = Buffer.alloc(4);
      expected.writeUInt32BE(crc32(data));
      assert.deepEqual(r.trailers, { 'x-amz-checksum-crc32': expected.toString('base64') });
    }
    const opts = { mode: 'streaming-unsigned-trailer', declaredTrailers: [] } as const;
    assertS3Error((await decode(sent.body, opts)).error, 'InvalidRequest', /not declared/);
    const noTrailer = Buffer.from('3\r\nabc\r\n0\r\n\r\n');
    assertS3Error((await decode(noTrailer, { ...opts, declaredTrailers: ['x-amz-checksum-crc32'] })).error, 'InvalidRequest', /missing/);
  });

  it('verifies STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER chunks and trailer signature', async () => {
    const headers = { 'x-amz-trailer': 'x-amz-checksum-crc32c', 'x-amz-decoded-content-length': '9000', 'content-encoding': 'aws-chunked' };
    const now = Date.UTC(2026, 10, 24, 7);
    const payloadHash = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
    const added = signRequest({ method: 'PUT', url: 'http://h/b/k', headers, payloadHash, accessKeyId: 'AKID', secretAccessKey: SECRET, region: 'us-east-1', service: 's3', now });
    const req: AuthRequest = { method: 'PUT', rawUrl: '/b/k', headers: { host: 'h', ...headers, ...added } };
    const auth = parseAuth(req)!;
    assert.equal(auth.payloadMode, 'streaming-signed-trailer');
    const verified = verifyRequest(req, auth, SECRET, now);
    const chunks = [Buffer.alloc(8192, 'x'), Buffer.alloc(808, 'y')];
    const opts = { mode: auth.payloadMode, verified, declaredTrailers: ['x-amz-checksum-crc32c'], decodedLength: 9000 };
    const body = encodeSigned(verified, chunks, [['x-amz-checksum-crc32c', 'sOO8/Q==']]);
    for (const step of [body.length, 1]) {
      const r = await decode(body, opts, step);
      assert.equal(r.error, undefined);
      assert.ok(r.data.equals(Buffer.concat(chunks)));
      assert.deepEqual(r.trailers, { 'x-amz-checksum-crc32c': 'sOO8/Q==' });
    }
    const tampered = Buffer.from(body.toString('latin1').replace('sOO8/Q==', 'sOO8/R=='), 'latin1');
    assertS3Error((await decode(tampered, opts)).error, 'SignatureDoesNotMatch', /trailer/);
    const unsignedTrailer = Buffer.from(body.toString('latin1').replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, ''), 'latin1');
    assertS3Error((await decode(unsignedTrailer, opts)).error, 'InvalidRequest', /trailer-signature/);
  });
});
