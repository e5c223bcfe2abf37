import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, it } from 'node:test';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';

const md5 = (b: Buffer | string): string => createHash('md5').update(b).digest('hex');

async function errorOf(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err;
    throw err;
  }
  assert.fail('expected an S3 error');
}

forEachDialect('S3 objects with @aws-sdk/client-s3', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3?.close());

  it('puts and gets an object with its ETag, size and content headers', async () => {
    const body = 'hello, photo cloud';
    const put = await s3.client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: 'docs/hello.txt',
        Body: body,
        ContentType: 'text/plain; charset=utf-8',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="hello.txt"',
        ContentEncoding: 'identity',
        ContentLanguage: 'fr-FR',
        Expires: new Date('2030-01-01T00:00:00Z'),
        Metadata: { taken: '2024-06-01', owner: 'u1' },
      }),
    );
    assert.equal(put.ETag, `"${md5(body)}"`);
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'docs/hello.txt' }));
    assert.equal(await got.Body!.transformToString(), body);
    assert.equal(got.ETag, `"${md5(body)}"`);
    assert.equal(got.ContentLength, Buffer.byteLength(body));
    assert.equal(got.ContentType, 'text/plain; charset=utf-8');
    assert.equal(got.CacheControl, 'max-age=60');
    assert.equal(got.ContentDisposition, 'attachment; filename="hello.txt"');
    assert.equal(got.ContentEncoding, 'identity');
    assert.equal(got.ContentLanguage, 'fr-FR');
    assert.equal(got.ExpiresString ?? got.Expires?.toUTCString(), 'Tue, 01 Jan 2030 00:00:00 GMT');
    assert.deepEqual(got.Metadata, { taken: '2024-06-01', owner: 'u1' });
    assert.equal(got.AcceptRanges, 'bytes');
    assert.ok(got.LastModified instanceof Date);
  });

  it('stores a streamed body sent aws-chunked with a CRC32 trailer, and returns the checksum on request', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
    data.write('start', 0);
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'big/streamed.bin', Body: Readable.from([data.subarray(0, 1_000_000), data.subarray(1_000_000)]), ContentLength: data.length }),
    );
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'big/streamed.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ContentLength, data.length);
    assert.equal(head.ETag, `"${md5(data)}"`);
    assert.ok(head.ChecksumCRC32, 'CRC32 stored from the trailer');
    assert.equal(head.ContentEncoding, undefined, 'aws-chunked is not stored');
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'big/streamed.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(md5(Buffer.from(await got.Body!.transformToByteArray())), md5(data));
  });

  it('verifies and stores an explicit SHA256 checksum', async () => {
    const body = Buffer.from('checksummed');
    const sha = createHash('sha256').update(body).digest('base64');
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'sum/sha', Body: body, ChecksumSHA256: sha }));
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'sum/sha', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumSHA256, sha);
  });

  it('rejects a wrong Content-MD5 with BadDigest and keeps the previous object', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'md5/x', Body: 'old' }));
    const err = await errorOf(
      s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'md5/x', Body: 'new', ContentMD5: createHash('md5').update('other').digest('base64') })),
    );
    assert.equal(err.name, 'BadDigest');
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'md5/x' }));
    assert.equal(await got.Body!.transformToString(), 'old');
  });

  it('serves byte ranges, suffix ranges and open ranges', async () => {
    const body = '0123456789abcdefghij';
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'range', Body: body }));
    const cases: Array<[string, string, string]> = [
      ['bytes=0-4', '01234', 'bytes 0-4/20'],
      ['bytes=15-', 'fghij', 'bytes 15-19/20'],
      ['bytes=-3', 'hij', 'bytes 17-19/20'],
      ['bytes=18-100', 'ij', 'bytes 18-19/20'],
      ['bytes=-50', body, 'bytes 0-19/20'],
    ];
    for (const [range, want, contentRange] of cases) {
      const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'range', Range: range }));
      assert.equal(got.$metadata.httpStatusCode, 206, range);
      assert.equal(got.ContentRange, contentRange, range);
      assert.equal(await got.Body!.transformToString(), want, range);
    }
    const err = await errorOf(s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'range', Range: 'bytes=20-' })));
    assert.equal(err.name, 'InvalidRange');
    assert.equal(err.$metadata.httpStatusCode, 416);
  });

  it('answers conditional GETs with 304 and 412 in S3 precedence order', async () => {
    const put = await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cond', Body: 'c' }));
    const etag = put.ETag!;
    const past = new Date(Date.now() - 3600_000);
    const future = new Date(Date.now() + 3600_000);
    const get = (extra: Record<string, unknown>) => s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'cond', ...extra }));
    assert.equal((await get({ IfMatch: etag })).$metadata.httpStatusCode, 200);
    assert.equal((await errorOf(get({ IfMatch: '"nope"' }))).$metadata.httpStatusCode, 412);
    assert.equal((await errorOf(get({ IfNoneMatch: etag }))).$metadata.httpStatusCode, 304);
    assert.equal((await get({ IfNoneMatch: '"nope"' })).$metadata.httpStatusCode, 200);
    assert.equal((await errorOf(get({ IfModifiedSince: future }))).$metadata.httpStatusCode, 304);
    assert.equal((await get({ IfModifiedSince: past })).$metadata.httpStatusCode, 200);
    assert.equal((await errorOf(get({ IfUnmodifiedSince: past }))).$metadata.httpStatusCode, 412);
    // If-Match true wins over If-Unmodified-Since false; If-None-Match false wins over If-Modified-Since.
    assert.equal((await get({ IfMatch: etag, IfUnmodifiedSince: past })).$metadata.httpStatusCode, 200);
    assert.equal((await get({ IfNoneMatch: '"nope"', IfModifiedSince: future })).$metadata.httpStatusCode, 200);
    assert.equal((await errorOf(s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'cond', IfNoneMatch: etag })))).$metadata.httpStatusCode, 304);
  });

  it('applies response-* overrides on GET', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'override', Body: 'o', ContentType: 'text/plain' }));
    const got = await s3.client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: 'override', ResponseContentType: 'image/jpeg', ResponseContentDisposition: 'inline', ResponseCacheControl: 'no-store' }),
    );
    assert.equal(got.ContentType, 'image/jpeg');
    assert.equal(got.ContentDisposition, 'inline');
    assert.equal(got.CacheControl, 'no-store');
  });

  it('overwrites atomically and deletes idempotently', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'ow', Body: 'first' }));
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'ow', Body: 'second!' }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'ow' }));
    assert.equal(await got.Body!.transformToString(), 'second!');
    const del = await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'ow' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    assert.equal((await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'ow' }))).$metadata.httpStatusCode, 204);
    const err = await errorOf(s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'ow' })));
    assert.equal(err.name, 'NoSuchKey');
    assert.equal((await errorOf(s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'ow' })))).$metadata.httpStatusCode, 404);
  });

  it('stores an empty object and rejects user metadata over 2 KB', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'empty', Body: '' }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'empty' }));
    assert.equal(got.ContentLength, 0);
    assert.equal(await got.Body!.transformToString(), '');
    const err = await errorOf(s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'meta', Body: 'm', Metadata: { big: 'x'.repeat(2100) } })));
    assert.equal(err.name, 'MetadataTooLarge');
  });

  it('honours conditional writes: If-None-Match * and If-Match', async () => {
    const first = await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cw', Body: 'one', IfNoneMatch: '*' }));
    const again = await errorOf(s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cw', Body: 'two', IfNoneMatch: '*' })));
    assert.equal(again.$metadata.httpStatusCode, 412);
    const stale = await errorOf(s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cw', Body: 'two', IfMatch: '"0123456789abcdef0123456789abcdef"' })));
    assert.equal(stale.$metadata.httpStatusCode, 412);
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cw', Body: 'three', IfMatch: first.ETag }));
    const missing = await errorOf(s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cw-missing', Body: 'x', IfMatch: first.ETag })));
    assert.equal(missing.name, 'NoSuchKey');
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'cw' }));
    assert.equal(await got.Body!.transformToString(), 'three');
    // Racing creators: exactly one wins.
    const race = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cw-race', Body: `r${i}`, IfNoneMatch: '*' }))),
    );
    assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
  });

  it('answers NoSuchBucket for a missing bucket', async () => {
    const err = await errorOf(s3.client.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })));
    assert.equal(err.name, 'NoSuchBucket');
    const put = await errorOf(s3.client.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' })));
    assert.equal(put.name, 'NoSuchBucket');
  });
});
