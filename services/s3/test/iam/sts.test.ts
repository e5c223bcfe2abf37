import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { Upload } from '@aws-sdk/lib-storage';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { S3AdminClient } from '../../src/admin-client.ts';
import { startTestS3, type TestS3 } from '../helpers.ts';
import { AUDIENCE, ISSUER, startIdp, type TestIdp } from './jwks-server.ts';

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException || err instanceof STSServiceException) return err.name;
    throw err;
  }
  assert.fail('expected an error');
}

export interface TempCreds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

forEachDialect('S3 STS temporary credentials', (ctx) => {
  let s3: TestS3;
  let idp: TestIdp;
  let sts: STSClient;
  before(async () => {
    idp = await startIdp();
    s3 = await startTestS3(ctx, { S3_STS_JWKS_URL: idp.jwksUrl, S3_STS_ISSUER: ISSUER, S3_STS_AUDIENCE: AUDIENCE });
    sts = new STSClient({ endpoint: s3.url, region: 'us-east-1', credentials: s3.service.rootKey });
  });
  after(async () => {
    sts?.destroy();
    await s3?.close();
    await idp?.close();
  });

  const assume = async (sub: string, DurationSeconds?: number): Promise<TempCreds> => {
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: 'arn:aws:iam::000000000000:role/photocloud-user', RoleSessionName: 'phone', WebIdentityToken: await idp.token(sub), DurationSeconds,
    }));
    assert.equal(out.SubjectFromWebIdentityToken, sub);
    const c = out.Credentials!;
    assert.ok(c.Expiration instanceof Date && c.Expiration.getTime() > Date.now());
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  };
  const client = (creds: TempCreds): S3Client => new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: creds });

  it('AssumeRoleWithWebIdentity gives credentials scoped to users/<sub>/: list/put/get/delete/multipart inside, denied elsewhere', async () => {
    const creds = await assume('alice');
    const c = client(creds);
    try {
      const B = s3.bucket;
      await c.send(new PutObjectCommand({ Bucket: B, Key: 'users/alice/a.jpg', Body: 'a' }));
      assert.equal(await (await c.send(new GetObjectCommand({ Bucket: B, Key: 'users/alice/a.jpg' }))).Body!.transformToString(), 'a');
      const listed = await c.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'users/alice/' }));
      assert.deepEqual(listed.Contents?.map((o) => o.Key), ['users/alice/a.jpg']);
      const big = randomBytes(11 * 1024 * 1024);
      await new Upload({ client: c, params: { Bucket: B, Key: 'users/alice/big.bin', Body: big }, partSize: 5 * 1024 * 1024 }).done();
      assert.equal((await c.send(new GetObjectCommand({ Bucket: B, Key: 'users/alice/big.bin' }))).ContentLength, big.length);
      await c.send(new DeleteObjectCommand({ Bucket: B, Key: 'users/alice/a.jpg' }));

      await s3.client.send(new PutObjectCommand({ Bucket: B, Key: 'users/other/x', Body: 'x' }));
      assert.equal(await errorName(c.send(new PutObjectCommand({ Bucket: B, Key: 'users/alicex/a', Body: 'a' }))), 'AccessDenied');
      assert.equal(await errorName(c.send(new GetObjectCommand({ Bucket: B, Key: 'users/other/x' }))), 'AccessDenied');
      assert.equal(await errorName(c.send(new DeleteObjectCommand({ Bucket: B, Key: 'users/other/x' }))), 'AccessDenied');
      assert.equal(await errorName(c.send(new ListObjectsV2Command({ Bucket: B }))), 'AccessDenied');
      assert.equal(await errorName(c.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'users/alicex/' }))), 'AccessDenied');
      assert.equal(await errorName(c.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'users/' }))), 'AccessDenied');
      assert.equal(await errorName(c.send(new ListObjectsV2Command({ Bucket: 'other-bucket', Prefix: 'users/alice/' }))), 'AccessDenied');
      assert.equal(await errorName(c.send(new ListBucketsCommand({}))), 'AccessDenied');
    } finally {
      c.destroy();
    }
  });

  it('refuses bad web identity tokens and durations outside 900..43200', async () => {
    const call = (WebIdentityToken: string, DurationSeconds?: number) =>
      errorName(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::0:role/r', RoleSessionName: 's', WebIdentityToken, DurationSeconds })));
    assert.equal(await call(await idp.token('bob', { key: idp.otherKey })), 'InvalidIdentityTokenException');
    assert.equal(await call(await idp.token('bob', { audience: 'someone-else' })), 'InvalidIdentityTokenException');
    assert.equal(await call(await idp.token('bob', { issuer: 'http://evil' })), 'InvalidIdentityTokenException');
    assert.equal(await call(await idp.token('bob', { expiresIn: Math.floor(Date.now() / 1000) - 60 })), 'ExpiredTokenException');
    assert.equal(await call(await idp.token('b*b')), 'InvalidIdentityTokenException');
    assert.equal(await call('not.a.jwt'), 'InvalidIdentityTokenException');
    assert.equal(await call(await idp.token('bob'), 899), 'ValidationError');
    assert.equal(await call(await idp.token('bob'), 43_201), 'ValidationError');
  });

  it('refuses tampered and foreign session tokens, and expired credentials', async () => {
    const creds = await assume('carol', 900);
    const flip = (s: string): string => s.slice(0, 20) + (s[20] === 'A' ? 'B' : 'A') + s.slice(21);
    const tampered = client({ ...creds, sessionToken: flip(creds.sessionToken) });
    const other = await assume('dave');
    const swapped = client({ ...creds, sessionToken: other.sessionToken });
    const B = s3.bucket;
    try {
      assert.equal(await errorName(tampered.send(new PutObjectCommand({ Bucket: B, Key: 'users/carol/a', Body: 'a' }))), 'InvalidToken');
      assert.equal(await errorName(swapped.send(new PutObjectCommand({ Bucket: B, Key: 'users/carol/a', Body: 'a' }))), 'InvalidToken');
    } finally {
      tampered.destroy();
      swapped.destroy();
    }
  });

  it('revokes every session of a user with a "not before" time', async () => {
    const creds = await assume('erin');
    const c = client(creds);
    try {
      await c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/erin/a', Body: 'a' }));
      await new Promise((r) => setTimeout(r, 5)); // not-before has millisecond resolution
      await new S3AdminClient({ url: s3.url, ...s3.service.rootKey }).revokeSessions('erin');
      assert.equal(await errorName(c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'users/erin/a' }))), 'InvalidToken');
      await new Promise((r) => setTimeout(r, 5));
      const fresh = client(await assume('erin'));
      assert.equal(await (await fresh.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'users/erin/a' }))).Body!.transformToString(), 'a');
      fresh.destroy();
    } finally {
      c.destroy();
    }
  });

  it('AssumeRole with the root key and an inline session policy; other keys are refused', async () => {
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${s3.bucket}/public/*` }] });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::0:role/reader', RoleSessionName: 'reader', Policy, DurationSeconds: 900 }));
    const c = client({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    try {
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'public/p', Body: 'p' }));
      assert.equal(await (await c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'public/p' }))).Body!.transformToString(), 'p');
      assert.equal(await errorName(c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'public/q', Body: 'q' }))), 'AccessDenied');
    } finally {
      c.destroy();
    }
    const bad = await errorName(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::0:role/r', RoleSessionName: 'r', Policy: '{"Version":"2012-10-17"}' })));
    assert.equal(bad, 'MalformedPolicyDocumentException');
    const temp = await assume('frank');
    const asTemp = new STSClient({ endpoint: s3.url, region: 'us-east-1', credentials: temp });
    try {
      assert.equal(await errorName(asTemp.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::0:role/r', RoleSessionName: 'r', Policy }))), 'AccessDenied');
    } finally {
      asTemp.destroy();
    }
    const wrong = new STSClient({ endpoint: s3.url, region: 'us-east-1', credentials: { accessKeyId: s3.service.rootKey.accessKeyId, secretAccessKey: 'wrong-secret' } });
    try {
      assert.equal(await errorName(wrong.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::0:role/r', RoleSessionName: 'r', Policy }))), 'SignatureDoesNotMatch');
    } finally {
      wrong.destroy();
    }
  });
});
