import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';

forEachDialect('S3 buckets with @aws-sdk/client-s3', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3?.close());

  it('creates the configured bucket at start-up', async () => {
    const list = await s3.client.send(new ListBucketsCommand({}));
    assert.deepEqual(list.Buckets?.map((b) => b.Name), ['photocloud']);
    assert.ok(list.Owner?.ID);
  });

  it('creates, heads, locates, lists and deletes a bucket', async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket: 'my-photos.2024' }));
    const head = await s3.client.send(new HeadBucketCommand({ Bucket: 'my-photos.2024' }));
    assert.equal(head.$metadata.httpStatusCode, 200);
    assert.equal(head.BucketRegion, 'us-east-1');
    const loc = await s3.client.send(new GetBucketLocationCommand({ Bucket: 'my-photos.2024' }));
    assert.equal(loc.LocationConstraint ?? '', '');
    const list = await s3.client.send(new ListBucketsCommand({}));
    assert.deepEqual(list.Buckets?.map((b) => b.Name), ['my-photos.2024', 'photocloud']);
    await s3.client.send(new DeleteBucketCommand({ Bucket: 'my-photos.2024' }));
    await assert.rejects(s3.client.send(new HeadBucketCommand({ Bucket: 'my-photos.2024' })), (err: { $metadata: { httpStatusCode: number } }) => err.$metadata.httpStatusCode === 404);
  });

  it('answers BucketAlreadyOwnedByYou for an existing own bucket', async () => {
    await assert.rejects(s3.client.send(new CreateBucketCommand({ Bucket: 'photocloud' })), { name: 'BucketAlreadyOwnedByYou' });
  });

  it('rejects invalid bucket names', async () => {
    for (const name of ['ab', 'UPPER', 'a..b', '192.168.1.1', '-start', 'end-', 'x'.repeat(64), 'under_score', 'xn--punycode']) {
      await assert.rejects(s3.client.send(new CreateBucketCommand({ Bucket: name })), { name: 'InvalidBucketName' }, name);
    }
  });

  it('refuses to delete a non-empty bucket, then deletes it once empty', async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket: 'full-bucket' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'full-bucket', Key: 'k', Body: 'x' }));
    await assert.rejects(s3.client.send(new DeleteBucketCommand({ Bucket: 'full-bucket' })), { name: 'BucketNotEmpty' });
    await s3.client.send(new DeleteObjectCommand({ Bucket: 'full-bucket', Key: 'k' }));
    await s3.client.send(new DeleteBucketCommand({ Bucket: 'full-bucket' }));
    await assert.rejects(s3.client.send(new DeleteBucketCommand({ Bucket: 'full-bucket' })), { name: 'NoSuchBucket' });
  });

  it('serves virtual-hosted-style requests on a configured domain', async () => {
    const port = new URL(s3.url).port;
    const vhost = new S3Client({
      endpoint: `http://s3.localhost:${port}`,
      region: 'us-east-1',
      credentials: s3.service.rootKey,
      forcePathStyle: false,
    });
    // bucket.s3.localhost does not resolve everywhere: send to 127.0.0.1 and keep the Host header.
    vhost.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { hostname: string; headers: Record<string, string> };
        req.headers.host = `${req.hostname}:${port}`;
        req.hostname = '127.0.0.1';
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    try {
      await vhost.send(new PutObjectCommand({ Bucket: 'photocloud', Key: 'vhost/key.txt', Body: 'virtual' }));
      const head = await s3.client.send(new HeadBucketCommand({ Bucket: 'photocloud' }));
      assert.equal(head.$metadata.httpStatusCode, 200);
      const got = await s3.client.send(new GetObjectCommand({ Bucket: 'photocloud', Key: 'vhost/key.txt' }));
      assert.equal(await got.Body!.transformToString(), 'virtual');
    } finally {
      vhost.destroy();
    }
  });
});
