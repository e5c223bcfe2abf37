import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CreateMultipartUploadCommand, ListPartsCommand, PutBucketCorsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';

const APP = 'http://192.168.1.20:8080';

/**
 * The rule the gallery sets so browsers can send direct uploads (whole files and multipart parts) with
 * presigned URLs, checked with real HTTP requests as a browser makes them: preflight, then the PUT.
 */
forEachDialect('S3 CORS for browser uploads', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
    await s3.client.send(
      new PutBucketCorsCommand({
        Bucket: s3.bucket,
        CORSConfiguration: {
          CORSRules: [{ ID: 'photocloud-browser-uploads', AllowedOrigins: ['*'], AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 }],
        },
      }),
    );
  });
  after(() => s3?.close());

  const preflight = (path: string, method: string, headers: string) =>
    fetch(`${s3.url}/${s3.bucket}/${path}`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': method, 'access-control-request-headers': headers } });

  it('lets any origin preflight a presigned PUT with metadata and checksum headers, without credentials', async () => {
    const res = await preflight('users/u1/originals/2025/01/a.jpg', 'PUT', 'content-type,x-amz-meta-owner,x-amz-meta-original-name,x-amz-checksum-sha256');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-headers'), 'content-type, x-amz-meta-owner, x-amz-meta-original-name, x-amz-checksum-sha256');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null, 'a wildcard origin never comes with credentials');
    assert.equal(res.headers.get('access-control-max-age'), '3600');
    assert.equal((await preflight('users/u1/a.jpg', 'DELETE', '')).status, 403, 'DELETE is not allowed from a page');
  });

  it('answers a part PUT with the CORS headers and the ETag exposed, and a refused one too (so the page can read why)', async () => {
    const key = 'users/u1/originals/2025/01/big.png';
    const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: key }));
    const url = await getSignedUrl(s3.client, new UploadPartCommand({ Bucket: s3.bucket, Key: key, UploadId, PartNumber: 1 }), { expiresIn: 60 });
    assert.equal((await preflight(`${key}?partNumber=1&uploadId=${UploadId}`, 'PUT', '')).status, 200);
    const put = await fetch(url, { method: 'PUT', body: 'part one', headers: { origin: APP } });
    assert.equal(put.status, 200);
    assert.equal(put.headers.get('access-control-allow-origin'), '*');
    assert.equal(put.headers.get('access-control-expose-headers'), 'ETag');
    assert.ok(put.headers.get('etag'));
    assert.equal((await s3.client.send(new ListPartsCommand({ Bucket: s3.bucket, Key: key, UploadId }))).Parts?.length, 1);

    const garbled = url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
    const refused = await fetch(garbled, { method: 'PUT', body: 'part one', headers: { origin: APP } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
    assert.match(await refused.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });
});
