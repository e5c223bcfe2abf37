import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';

forEachDialect('S3 presigned URLs with @aws-sdk/s3-request-presigner and fetch', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3?.close());

  it('uploads with a presigned PUT and downloads with a presigned GET', async () => {
    const key = 'shared/photo 1+.jpg';
    const putUrl = await getSignedUrl(s3.client, new PutObjectCommand({ Bucket: s3.bucket, Key: key }), { expiresIn: 600 });
    const body = Buffer.from('presigned bytes \u00e9');
    const put = await fetch(putUrl, { method: 'PUT', body });
    assert.equal(put.status, 200, await put.clone().text());
    assert.ok(put.headers.get('etag'));
    const getUrl = await getSignedUrl(s3.client, new GetObjectCommand({ Bucket: s3.bucket, Key: key, ResponseContentDisposition: 'attachment' }), {
      expiresIn: 7 * 24 * 3600,
    });
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-disposition'), 'attachment');
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), body);
  });

  it('rejects a tampered presigned URL and a plain unsigned fetch', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'private', Body: 'secret' }));
    const url = new URL(await getSignedUrl(s3.client, new GetObjectCommand({ Bucket: s3.bucket, Key: 'private' }), { expiresIn: 60 }));
    url.searchParams.set('X-Amz-Expires', '600');
    const tampered = await fetch(url);
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const anon = await fetch(`${s3.url}/${s3.bucket}/private`);
    assert.equal(anon.status, 403);
    assert.match(await anon.text(), /<Code>AccessDenied<\/Code>/);
    assert.ok(anon.headers.get('x-amz-request-id'));
  });
});
