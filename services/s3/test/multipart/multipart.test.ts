import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { blobsDir, listFiles, startTestS3, type TestS3 } from '../helpers.ts';

const MiB = 1024 * 1024;
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const etagOf = (parts: Buffer[]): string => `"${md5(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))}-${parts.length}"`;

async function errorOf(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err;
    throw err;
  }
  assert.fail('expected an S3 error');
}

forEachDialect('S3 multipart uploads', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3?.close());

  const create = async (Key: string, extra: Record<string, unknown> = {}): Promise<string> =>
    (await s3.client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key, ...extra }))).UploadId!;
  const part = async (Key: string, UploadId: string, PartNumber: number, Body: Buffer) =>
    (await s3.client.send(new UploadPartCommand({ Bucket: s3.bucket, Key, UploadId, PartNumber, Body }))).ETag!;

  it('leaves one blob per object after complete (the part blobs are unlinked)', async () => {
    const before = listFiles(blobsDir(s3)).length;
    const id = await create('mp/one.bin');
    const e1 = await part('mp/one.bin', id, 1, randomBytes(5 * MiB));
    const e2 = await part('mp/one.bin', id, 2, randomBytes(10));
    assert.equal(listFiles(blobsDir(s3)).length, before + 2);
    await s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/one.bin', UploadId: id, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }));
    assert.equal(listFiles(blobsDir(s3)).length, before + 1);
  });

  it('uploads parts out of order, completes with the multipart ETag, and serves ranges across part boundaries', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB + 17), randomBytes(1234)];
    const id = await create('mp/a.bin', { ContentType: 'image/jpeg', Metadata: { taken: '2024' } });
    const etags = await Promise.all([2, 0, 1].map(async (i) => [i, await part('mp/a.bin', id, i + 1, parts[i]!)] as const));
    const sorted = etags.sort((a, b) => a[0] - b[0]).map(([i, ETag]) => ({ PartNumber: i + 1, ETag }));
    const done = await s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/a.bin', UploadId: id, MultipartUpload: { Parts: sorted } }));
    assert.equal(done.ETag, etagOf(parts));
    const whole = Buffer.concat(parts);
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'mp/a.bin' }));
    assert.equal(got.ContentType, 'image/jpeg');
    assert.deepEqual(got.Metadata, { taken: '2024' });
    assert.equal(got.ETag, etagOf(parts));
    assert.equal(md5(Buffer.from(await got.Body!.transformToByteArray())), md5(whole));
    const from = 5 * MiB - 10;
    const to = 10 * MiB + 20;
    const range = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'mp/a.bin', Range: `bytes=${from}-${to}` }));
    assert.ok(Buffer.from(await range.Body!.transformToByteArray()).equals(whole.subarray(from, to + 1)));
  });

  it('keeps the last write of a re-uploaded part, lists parts and uploads, and aborts', async () => {
    const id = await create('mp/b.bin');
    await part('mp/b.bin', id, 1, randomBytes(100));
    const second = randomBytes(200);
    const etag = await part('mp/b.bin', id, 1, second);
    await part('mp/b.bin', id, 2, randomBytes(10));
    const listed = await s3.client.send(new ListPartsCommand({ Bucket: s3.bucket, Key: 'mp/b.bin', UploadId: id, MaxParts: 1 }));
    assert.equal(listed.Parts?.length, 1);
    assert.equal(listed.Parts?.[0]?.ETag, etag);
    assert.equal(listed.Parts?.[0]?.Size, 200);
    assert.equal(listed.IsTruncated, true);
    const rest = await s3.client.send(new ListPartsCommand({ Bucket: s3.bucket, Key: 'mp/b.bin', UploadId: id, PartNumberMarker: listed.NextPartNumberMarker }));
    assert.deepEqual(rest.Parts?.map((p) => p.PartNumber), [2]);
    const id2 = await create('mp/c.bin');
    const uploads = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: 'mp/' }));
    assert.deepEqual(uploads.Uploads?.map((u) => u.Key), ['mp/b.bin', 'mp/c.bin']);
    const page = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: 'mp/', KeyMarker: 'mp/b.bin' }));
    assert.deepEqual(page.Uploads?.map((u) => u.UploadId), [id2]);
    const before = listFiles(blobsDir(s3)).length;
    await s3.client.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/b.bin', UploadId: id }));
    await s3.client.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/c.bin', UploadId: id2 }));
    assert.equal(listFiles(blobsDir(s3)).length, before - 2, 'the part blobs are unlinked');
    const gone = await errorOf(s3.client.send(new ListPartsCommand({ Bucket: s3.bucket, Key: 'mp/b.bin', UploadId: id })));
    assert.equal(gone.name, 'NoSuchUpload');
    const again = await errorOf(s3.client.send(new UploadPartCommand({ Bucket: s3.bucket, Key: 'mp/b.bin', UploadId: id, PartNumber: 1, Body: 'x' })));
    assert.equal(again.name, 'NoSuchUpload');
  });

  it('refuses bad completes: order, unknown part, wrong ETag, small parts, another key\'s upload id, bad part numbers', async () => {
    const id = await create('mp/d.bin');
    const e1 = await part('mp/d.bin', id, 1, randomBytes(100));
    const e2 = await part('mp/d.bin', id, 2, randomBytes(100));
    const complete = (Parts: Array<{ PartNumber: number; ETag: string }>, Key = 'mp/d.bin') =>
      errorOf(s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key, UploadId: id, MultipartUpload: { Parts } })));
    assert.equal((await complete([{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }])).name, 'InvalidPartOrder');
    assert.equal((await complete([{ PartNumber: 1, ETag: e1 }, { PartNumber: 3, ETag: e2 }])).name, 'InvalidPart');
    assert.equal((await complete([{ PartNumber: 1, ETag: e2 }])).name, 'InvalidPart');
    assert.equal((await complete([{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }])).name, 'EntityTooSmall');
    assert.equal((await complete([{ PartNumber: 1, ETag: e1 }], 'mp/other.bin')).name, 'NoSuchUpload');
    for (const PartNumber of [0, 10001]) {
      const e = await errorOf(s3.client.send(new UploadPartCommand({ Bucket: s3.bucket, Key: 'mp/d.bin', UploadId: id, PartNumber, Body: 'x' })));
      assert.equal(e.name, 'InvalidArgument');
    }
    const missing = await errorOf(s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'mp/d.bin' })));
    assert.equal(missing.$metadata.httpStatusCode, 404, 'nothing became visible');
    // A single small part is a valid upload.
    const ok = await s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/d.bin', UploadId: id, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }] } }));
    assert.match(ok.ETag!, /-1"$/);
  });

  it('copies ranges of an object into parts (UploadPartCopy)', async () => {
    const src = randomBytes(6 * MiB);
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'mp/src.bin', Body: src }));
    const id = await create('mp/copy.bin');
    const r1 = await s3.client.send(new UploadPartCopyCommand({ Bucket: s3.bucket, Key: 'mp/copy.bin', UploadId: id, PartNumber: 1, CopySource: `${s3.bucket}/mp/src.bin` }));
    const r2 = await s3.client.send(new UploadPartCopyCommand({ Bucket: s3.bucket, Key: 'mp/copy.bin', UploadId: id, PartNumber: 2, CopySource: `${s3.bucket}/mp/src.bin`, CopySourceRange: 'bytes=10-19' }));
    assert.equal(r2.CopyPartResult?.ETag, `"${md5(src.subarray(10, 20))}"`);
    const bad = await errorOf(s3.client.send(new UploadPartCopyCommand({ Bucket: s3.bucket, Key: 'mp/copy.bin', UploadId: id, PartNumber: 3, CopySource: `${s3.bucket}/mp/src.bin`, CopySourceRange: `bytes=0-${6 * MiB}` })));
    assert.equal(bad.name, 'InvalidRange');
    await s3.client.send(new CompleteMultipartUploadCommand({
      Bucket: s3.bucket, Key: 'mp/copy.bin', UploadId: id,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: r1.CopyPartResult!.ETag! }, { PartNumber: 2, ETag: r2.CopyPartResult!.ETag! }] },
    }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'mp/copy.bin' }));
    assert.equal(md5(Buffer.from(await got.Body!.transformToByteArray())), md5(Buffer.concat([src, src.subarray(10, 20)])));
  });

  it('computes per-part CRC32 checksums and the COMPOSITE checksum on complete', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(1000)];
    const id = await create('mp/crc.bin', { ChecksumAlgorithm: 'CRC32' });
    const sent = [];
    for (const [i, body] of parts.entries()) {
      const r = await s3.client.send(new UploadPartCommand({ Bucket: s3.bucket, Key: 'mp/crc.bin', UploadId: id, PartNumber: i + 1, Body: body, ChecksumAlgorithm: 'CRC32' }));
      assert.ok(r.ChecksumCRC32);
      sent.push({ PartNumber: i + 1, ETag: r.ETag!, ChecksumCRC32: r.ChecksumCRC32! });
    }
    const { crc32 } = await import('node:zlib');
    const partCrcs = parts.map((p) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(crc32(p) >>> 0);
      return b;
    });
    assert.deepEqual(sent.map((s) => s.ChecksumCRC32), partCrcs.map((b) => b.toString('base64')));
    const expected = Buffer.alloc(4);
    expected.writeUInt32BE(crc32(Buffer.concat(partCrcs)) >>> 0);
    const done = await s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/crc.bin', UploadId: id, MultipartUpload: { Parts: sent } }));
    assert.equal(done.ChecksumCRC32, `${expected.toString('base64')}-2`);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'mp/crc.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, `${expected.toString('base64')}-2`);
    assert.equal(head.ChecksumType, 'COMPOSITE');
  });

  it('uploads a large body with @aws-sdk/lib-storage Upload (concurrent parts)', async () => {
    const body = randomBytes(23 * MiB);
    const upload = new Upload({ client: s3.client, params: { Bucket: s3.bucket, Key: 'mp/lib.bin', Body: body }, partSize: 5 * MiB, queueSize: 4 });
    const out = await upload.done();
    const parts = Array.from({ length: 5 }, (_, i) => body.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
    assert.equal(out.ETag, etagOf(parts));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'mp/lib.bin' }));
    assert.equal(md5(Buffer.from(await got.Body!.transformToByteArray())), md5(body));
  });

  it('honours If-None-Match: * and If-Match on CompleteMultipartUpload', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'mp/cond.bin', Body: 'old' }));
    const id = await create('mp/cond.bin');
    const e = await part('mp/cond.bin', id, 1, Buffer.from('new'));
    const Parts = [{ PartNumber: 1, ETag: e }];
    const noneMatch = await errorOf(s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/cond.bin', UploadId: id, MultipartUpload: { Parts }, IfNoneMatch: '*' })));
    assert.equal(noneMatch.$metadata.httpStatusCode, 412);
    const wrong = await errorOf(s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/cond.bin', UploadId: id, MultipartUpload: { Parts }, IfMatch: '"0123456789abcdef0123456789abcdef"' })));
    assert.equal(wrong.$metadata.httpStatusCode, 412);
    const ok = await s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: 'mp/cond.bin', UploadId: id, MultipartUpload: { Parts }, IfMatch: `"${md5(Buffer.from('old'))}"` }));
    assert.match(ok.ETag!, /-1"$/);
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'mp/cond.bin' }));
    assert.equal(await got.Body!.transformToString(), 'new');
  });

  it('keeps a bucket with an unfinished upload from being deleted (BucketNotEmpty) until it is aborted', async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket: 'mp-bucket' }));
    const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: 'mp-bucket', Key: 'k' }));
    assert.equal((await errorOf(s3.client.send(new DeleteBucketCommand({ Bucket: 'mp-bucket' })))).name, 'BucketNotEmpty');
    await s3.client.send(new AbortMultipartUploadCommand({ Bucket: 'mp-bucket', Key: 'k', UploadId }));
    await s3.client.send(new DeleteBucketCommand({ Bucket: 'mp-bucket' }));
  });
});
