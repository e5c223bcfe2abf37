import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';

const WRITERS = 12;
const ROUNDS = 5;

/** 'won' or the HTTP status of the failure. */
async function outcome(p: Promise<{ ETag?: string | undefined }>): Promise<string | number> {
  try {
    return (await p).ETag!;
  } catch (err) {
    if (err instanceof S3ServiceException) return err.$metadata.httpStatusCode ?? -1;
    throw err;
  }
}

forEachDialect('S3 conditional writes under concurrent writers', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3?.close());

  it('If-None-Match: * — exactly one of many concurrent PutObjects creates the key, per round', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const Key = `cond/create-${round}`;
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => outcome(s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: `writer ${w}`, IfNoneMatch: '*' })))),
      );
      const winners = results.filter((r) => typeof r === 'string');
      assert.equal(winners.length, 1, `round ${round}: ${JSON.stringify(results)}`);
      assert.ok(results.every((r) => typeof r === 'string' || r === 412));
      const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key }));
      assert.equal(got.ETag, winners[0]);
    }
  });

  it('If-Match — compare-and-swap: exactly one of many concurrent PutObjects with the same ETag wins, per round', async () => {
    const Key = 'cond/index.json';
    let etag = (await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: '[]' }))).ETag!;
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => outcome(s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: `[${round},${w}]`, IfMatch: etag })))),
      );
      const winners = results.filter((r): r is string => typeof r === 'string');
      assert.equal(winners.length, 1, `round ${round}: ${JSON.stringify(results)}`);
      assert.ok(results.every((r) => typeof r === 'string' || r === 412));
      etag = winners[0]!;
      const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key }));
      assert.equal(got.ETag, etag);
    }
  });

  it('If-None-Match: * — exactly one of many concurrent CompleteMultipartUploads creates the key', async () => {
    for (let round = 0; round < 3; round++) {
      const Key = `cond/mp-${round}`;
      const uploads = await Promise.all(
        Array.from({ length: 6 }, async (_, w) => {
          const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key }));
          const { ETag } = await s3.client.send(new UploadPartCommand({ Bucket: s3.bucket, Key, UploadId, PartNumber: 1, Body: `writer ${w}` }));
          return { UploadId: UploadId!, ETag: ETag! };
        }),
      );
      const results = await Promise.all(
        uploads.map((u) =>
          outcome(s3.client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key, UploadId: u.UploadId, IfNoneMatch: '*', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: u.ETag }] } }))),
        ),
      );
      assert.equal(results.filter((r) => typeof r === 'string').length, 1, JSON.stringify(results));
      assert.ok(results.every((r) => typeof r === 'string' || r === 412));
    }
  });
});
