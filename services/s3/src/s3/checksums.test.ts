import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, it } from 'node:test';
import { PutObjectCommand, S3Client, type ChecksumAlgorithm as SdkAlgorithm } from '@aws-sdk/client-s3';
import { crc32c as awsCrc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme as SdkCrc64Nvme } from '@aws-sdk/crc64-nvme';
import { startRecorder } from '@photocloud/sigv4/testing';
import {
  BodyDigest,
  CHECKSUM_ALGORITHMS,
  Crc64Nvme,
  requestedChecksums,
  verifyChecksums,
  verifyContentMd5,
  type ChecksumAlgorithm,
} from './checksums.ts';
import { S3Error } from './errors.ts';

function rejects(fn: () => unknown, code: string, message?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof S3Error, `expected S3Error, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

const be32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
};

/** Reference values from other implementations: zlib, @aws-crypto, @aws-sdk/crc64-nvme, node:crypto. */
async function reference(data: Buffer): Promise<Record<ChecksumAlgorithm, string>> {
  const crc64 = new SdkCrc64Nvme();
  crc64.update(data);
  return {
    CRC32: be32(crc32(data)),
    CRC32C: be32(awsCrc32c(data)),
    SHA1: createHash('sha1').update(data).digest('base64'),
    SHA256: createHash('sha256').update(data).digest('base64'),
    CRC64NVME: Buffer.from(await crc64.digest()).toString('base64'),
  };
}

describe('BodyDigest', () => {
  it('computes MD5, SHA-256 and every checksum over arbitrary splits like reference implementations', async () => {
    for (const size of [0, 1, 7, 8, 9, 1000, 100_003]) {
      const data = randomBytes(size);
      const digest = new BodyDigest({ sha256: true, checksums: CHECKSUM_ALGORITHMS });
      for (let i = 0; i < size; ) {
        const step = 1 + ((i * 7919) % 4099);
        digest.update(data.subarray(i, i + step));
        i += step;
      }
      const result = digest.finish();
      assert.equal(digest.size, size);
      assert.deepEqual(result.md5, createHash('md5').update(data).digest());
      assert.deepEqual(result.sha256, createHash('sha256').update(data).digest());
      assert.deepEqual(result.checksums, await reference(data));
    }
  });

  it('computes only what was asked', () => {
    const d = new BodyDigest({ checksums: ['CRC32'] });
    d.update(Buffer.from('abc'));
    const r = d.finish();
    assert.deepEqual(Object.keys(r.checksums), ['CRC32']);
    assert.equal(r.sha256, undefined);
  });

  it('has the published CRC-64/NVME check value', () => {
    const c = new Crc64Nvme();
    c.update(Buffer.from('123456789'));
    assert.equal(c.digest().toString('hex'), 'ae8b14860a799888');
  });
});

describe('checksums sent by the AWS SDK', () => {
  it('verify for every algorithm, and a changed body fails with BadDigest naming it', async () => {
    const rec = await startRecorder();
    const client = new S3Client({ region: 'us-east-1', endpoint: rec.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'A', secretAccessKey: 'S' } });
    const body = 'the quick brown photo';
    for (const alg of CHECKSUM_ALGORITHMS) {
      await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: body, ChecksumAlgorithm: alg as SdkAlgorithm }));
    }
    client.destroy();
    await rec.close();
    for (const [i, alg] of CHECKSUM_ALGORITHMS.entries()) {
      const sent = rec.requests[i]!;
      const requested = requestedChecksums(sent.headers);
      assert.deepEqual(requested.map((r) => [r.algorithm, r.fromTrailer]), [[alg, false]]);
      const check = (data: string) => {
        const digest = new BodyDigest({ checksums: requested.map((r) => r.algorithm) });
        digest.update(Buffer.from(data));
        return verifyChecksums(requested, digest.finish().checksums);
      };
      assert.equal(check(body)[alg], requested[0]!.expected);
      rejects(() => check(`${body}!`), 'BadDigest', new RegExp(`^The ${alg} you specified did not match the calculated checksum\\.$`));
    }
  });
});

describe('requestedChecksums', () => {
  const crc = be32(crc32(Buffer.from('x')));

  it('reads header values, trailers and compute-only algorithm headers', () => {
    assert.deepEqual(requestedChecksums({}), []);
    assert.deepEqual(requestedChecksums({ 'x-amz-trailer': 'x-amz-checksum-crc64nvme', 'x-amz-sdk-checksum-algorithm': 'CRC64NVME' }), [
      { algorithm: 'CRC64NVME', fromTrailer: true },
    ]);
    assert.deepEqual(requestedChecksums({ 'x-amz-checksum-algorithm': 'sha1', 'x-amz-checksum-type': 'COMPOSITE' }), [{ algorithm: 'SHA1', fromTrailer: false }]);
    assert.deepEqual(requestedChecksums({ 'x-amz-checksum-crc32': crc }), [{ algorithm: 'CRC32', expected: crc, fromTrailer: false }]);
  });

  it('rejects two checksums, unknown algorithms, malformed values and a contradicting SDK algorithm', () => {
    rejects(() => requestedChecksums({ 'x-amz-checksum-crc32': crc, 'x-amz-checksum-crc32c': crc }), 'InvalidRequest', /single/);
    rejects(() => requestedChecksums({ 'x-amz-checksum-crc32': crc, 'x-amz-trailer': 'x-amz-checksum-sha1' }), 'InvalidRequest', /single/);
    rejects(() => requestedChecksums({ 'x-amz-checksum-md4': crc }), 'InvalidRequest');
    rejects(() => requestedChecksums({ 'x-amz-trailer': 'x-amz-meta-foo' }), 'InvalidRequest');
    rejects(() => requestedChecksums({ 'x-amz-sdk-checksum-algorithm': 'MD5' }), 'InvalidRequest');
    rejects(() => requestedChecksums({ 'x-amz-checksum-crc32': 'AAAA' }), 'InvalidRequest', /invalid/);
    rejects(() => requestedChecksums({ 'x-amz-checksum-sha256': crc }), 'InvalidRequest', /invalid/);
    rejects(() => requestedChecksums({ 'x-amz-checksum-crc32': crc, 'x-amz-sdk-checksum-algorithm': 'SHA1' }), 'InvalidRequest');
  });
});

describe('verifyChecksums with trailers', () => {
  const requested = [{ algorithm: 'CRC32C', fromTrailer: true }] as const;
  const computed = { CRC32C: be32(awsCrc32c(Buffer.from('data'))) };

  it('takes the expected value from the decoded trailers', () => {
    assert.deepEqual(verifyChecksums(requested, computed, { 'x-amz-checksum-crc32c': computed.CRC32C }), computed);
    rejects(() => verifyChecksums(requested, computed, { 'x-amz-checksum-crc32c': be32(1) }), 'BadDigest', /CRC32C/);
    rejects(() => verifyChecksums(requested, computed, {}), 'InvalidRequest', /missing/);
    rejects(() => verifyChecksums(requested, computed, { 'x-amz-checksum-crc32c': 'nope' }), 'InvalidRequest', /invalid/);
  });
});

describe('verifyContentMd5', () => {
  const md5 = createHash('md5').update('hello').digest();

  it('accepts the right value or no header, rejects malformed (InvalidDigest) and different (BadDigest) values', () => {
    verifyContentMd5(undefined, md5);
    verifyContentMd5(md5.toString('base64'), md5);
    rejects(() => verifyContentMd5('not base64!', md5), 'InvalidDigest');
    rejects(() => verifyContentMd5(md5.toString('hex'), md5), 'InvalidDigest');
    rejects(() => verifyContentMd5(Buffer.alloc(16).toString('base64'), md5), 'BadDigest');
  });
});
