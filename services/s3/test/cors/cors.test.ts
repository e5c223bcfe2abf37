import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';

const ORIGIN = 'https://photos.example.com';

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err.name;
    throw err;
  }
  assert.fail('expected an S3 error');
}

forEachDialect('S3 bucket CORS', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3?.close());

  const preflight = (method: string, headers: string, origin = ORIGIN, path = `/${s3.bucket}/users/u1/a.jpg`) =>
    fetch(`${s3.url}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

  it('answers preflights with 403 until a configuration exists', async () => {
    const r = await preflight('PUT', 'content-type');
    assert.equal(r.status, 403);
    assert.match(await r.text(), /CORS is not enabled/);
    assert.equal(await errorName(s3.client.send(new GetBucketCorsCommand({ Bucket: s3.bucket }))), 'NoSuchCORSConfiguration');
  });

  it('stores, returns and applies a configuration: preflight without auth, headers on actual responses, ETag exposed', async () => {
    await s3.client.send(new PutBucketCorsCommand({
      Bucket: s3.bucket,
      CORSConfiguration: {
        CORSRules: [
          { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['content-type', 'x-amz-*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
          { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
        ],
      },
    }));
    const got = await s3.client.send(new GetBucketCorsCommand({ Bucket: s3.bucket }));
    assert.equal(got.CORSRules?.length, 2);
    assert.deepEqual(got.CORSRules?.[0]?.ExposeHeaders, ['ETag']);

    const ok = await preflight('PUT', 'content-type, x-amz-date');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(ok.headers.get('access-control-allow-methods'), 'GET, PUT, HEAD');
    assert.equal(ok.headers.get('access-control-allow-headers'), 'content-type, x-amz-date');
    assert.equal(ok.headers.get('access-control-expose-headers'), 'ETag');
    assert.equal(ok.headers.get('access-control-max-age'), '600');
    assert.equal((await preflight('DELETE', '')).status, 403, 'method not allowed by any rule');
    assert.equal((await preflight('PUT', 'x-custom')).status, 403, 'header not allowed');
    const any = await preflight('GET', '', 'https://elsewhere.org');
    assert.equal(any.headers.get('access-control-allow-origin'), '*');

    // A browser-style upload with a presigned URL: the response carries the CORS headers and the ETag is exposed.
    const url = await getSignedUrl(s3.client, new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/u1/a.jpg' }), { expiresIn: 60 });
    const put = await fetch(url, { method: 'PUT', body: 'jpeg', headers: { origin: ORIGIN } });
    assert.equal(put.status, 200);
    assert.equal(put.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(put.headers.get('access-control-expose-headers'), 'ETag');
    assert.ok(put.headers.get('etag'));
  });

  it('refuses invalid configurations and deletes one', async () => {
    const bad = await errorName(s3.client.send(new PutBucketCorsCommand({ Bucket: s3.bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] } })));
    assert.equal(bad, 'InvalidRequest');
    assert.equal((await s3.client.send(new GetBucketCorsCommand({ Bucket: s3.bucket }))).CORSRules?.length, 2, 'the previous configuration stays');
    await s3.client.send(new DeleteBucketCorsCommand({ Bucket: s3.bucket }));
    assert.equal(await errorName(s3.client.send(new GetBucketCorsCommand({ Bucket: s3.bucket }))), 'NoSuchCORSConfiguration');
    assert.equal((await preflight('GET', '')).status, 403);
  });
});
