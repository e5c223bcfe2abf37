import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { AdminApiError, S3AdminClient } from '../../src/admin-client.ts';
import { s3Client, startTestS3, type TestS3 } from '../helpers.ts';

async function s3ErrorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err.name;
    throw err;
  }
  assert.fail('expected an S3 error');
}

async function adminErrorOf(p: Promise<unknown>): Promise<AdminApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AdminApiError) return err;
    throw err;
  }
  assert.fail('expected an admin API error');
}

forEachDialect('S3 access keys and policies', (ctx) => {
  let s3: TestS3;
  let admin: S3AdminClient;
  before(async () => {
    s3 = await startTestS3(ctx);
    admin = new S3AdminClient({ url: s3.url, ...s3.service.rootKey });
  });
  after(() => s3?.close());

  const userPolicy = (bucket: string, user: string) => ({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${bucket}/users/${user}/*` },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${bucket}/users/${user}/keep/*` },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringLike: { 's3:prefix': `users/${user}/*` } } },
    ],
  });

  it('creates a key whose policy scopes it to a prefix; explicit Deny wins; no Allow means AccessDenied', async () => {
    const key = await admin.createKey({ owner: 'u1', policy: userPolicy(s3.bucket, 'u1'), description: 'phone' });
    assert.match(key.accessKeyId, /^AKPC[A-Z0-9]{16}$/);
    const c = s3Client(s3.url, key);
    try {
      await c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/u1/a.txt', Body: 'a' }));
      await c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/u1/keep/b.txt', Body: 'b' }));
      const got = await c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'users/u1/a.txt' }));
      assert.equal(await got.Body!.transformToString(), 'a');
      const listed = await c.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'users/u1/' }));
      assert.deepEqual(listed.Contents?.map((o) => o.Key), ['users/u1/a.txt', 'users/u1/keep/b.txt']);
      assert.equal(await s3ErrorOf(c.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'users/u1/keep/b.txt' }))), 'AccessDenied');
      await c.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'users/u1/a.txt' }));
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/u2/x.txt', Body: 'x' }));
      assert.equal(await s3ErrorOf(c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'users/u2/x.txt' }))), 'AccessDenied');
      assert.equal(await s3ErrorOf(c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/u1x/a', Body: 'a' }))), 'AccessDenied');
      assert.equal(await s3ErrorOf(c.send(new ListObjectsV2Command({ Bucket: s3.bucket }))), 'AccessDenied');
      assert.equal(await s3ErrorOf(c.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'users/u2/' }))), 'AccessDenied');
      assert.equal(await s3ErrorOf(c.send(new ListBucketsCommand({}))), 'AccessDenied');
    } finally {
      c.destroy();
    }
  });

  it('lists keys without secrets and revokes a key with effect at the next request', async () => {
    const key = await admin.createKey({ owner: 'u3', policy: userPolicy(s3.bucket, 'u3') });
    const c = s3Client(s3.url, key);
    try {
      await c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/u3/a', Body: 'a' }));
      const listed = await admin.listKeys('u3');
      assert.deepEqual(listed.map((k) => k.accessKeyId), [key.accessKeyId]);
      assert.equal(JSON.stringify(listed).includes(key.secretAccessKey), false, 'no secret in listings');
      await admin.revokeKey(key.accessKeyId);
      assert.equal(await s3ErrorOf(c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'users/u3/a' }))), 'InvalidAccessKeyId');
      assert.equal((await adminErrorOf(admin.revokeKey(key.accessKeyId))).status, 404);
    } finally {
      c.destroy();
    }
  });

  it('refuses invalid policies with a clear error and stores nothing', async () => {
    const before = (await admin.listKeys()).length;
    const bad: Array<[unknown, RegExp]> = [
      [{ Statement: [] }, /Version/],
      [{ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: 's3:GetObject', Resource: '*' }] }, /Statement\[0\]\.Effect/],
      [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] }, /Statement\[0\]\.Action/],
      [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:ec2:::x' }] }, /Statement\[0\]\.Resource/],
      [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } }] }, /unsupported condition operator/],
      [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 's3:GetObject', Resource: '*' }] }, /NotAction is not supported/],
    ];
    for (const [policy, message] of bad) {
      const e = await adminErrorOf(admin.createKey({ owner: 'u4', policy }));
      assert.equal(e.status, 400);
      assert.equal(e.code, 'invalid_policy');
      assert.match(e.message, message);
    }
    assert.equal((await adminErrorOf(admin.createKey({ owner: 'root', policy: userPolicy(s3.bucket, 'x') }))).code, 'invalid_owner');
    assert.equal((await admin.listKeys()).length, before);
  });

  it('takes the root key only on the admin API', async () => {
    const key = await admin.createKey({ owner: 'u5', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } });
    const asUser = new S3AdminClient({ url: s3.url, ...key });
    assert.equal((await adminErrorOf(asUser.listKeys())).status, 403);
    const wrong = new S3AdminClient({ url: s3.url, accessKeyId: s3.service.rootKey.accessKeyId, secretAccessKey: 'not-the-secret' });
    assert.equal((await adminErrorOf(wrong.listKeys())).code, 'SignatureDoesNotMatch');
    const anonymous = await fetch(`${s3.url}/_admin/keys`);
    assert.equal(anonymous.status, 403);
  });
});
