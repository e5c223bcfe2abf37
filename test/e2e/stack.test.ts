import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { PhotoCloudClient } from '@photocloud/sdk';
import type { Stack } from '../../apps/server/src/serve.ts';
import { signUpWithApi, startE2eStack, type E2eStack } from './helpers/stack.ts';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
}

/** The all-in-one stack as `photocloud serve` composes it, every service on the suite's database. */
forEachDialect('whole stack', (ctx) => {
  let e2e: E2eStack;
  let stack: Stack;

  before(async () => {
    e2e = await startE2eStack({ name: 'stack', dataDir: ctx.dir, env: ctx.url ? { DATABASE_URL: ctx.url } : {} });
    stack = e2e.stack;
  });
  after(async () => {
    await e2e?.close();
  });

  const signedUp = (email: string) => signUpWithApi(e2e, { email, password: 'correct horse battery staple' });

  async function credentials(c: PhotoCloudClient): Promise<Credentials> {
    const res = await fetch(`${stack.urls.gateway}/credentials`, { headers: { authorization: `Bearer ${c.http.token}` } });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Credentials;
  }

  it('runs every service on one database and reports ready', async () => {
    const res = await fetch(`${stack.urls.gateway}/readyz`);
    assert.equal(res.status, 200, await res.clone().text());
  });

  it('hands each user S3 credentials that reach their own prefix and nothing else', async () => {
    const alice = await signedUp('alice@example.test');
    const bob = await signedUp('bob@example.test');
    const creds = await credentials(alice);
    const me = await alice.auth.me();
    assert.equal(creds.prefix, `users/${me.id}/`);
    assert.ok(Date.parse(creds.expiration) > Date.now());
    const s3 = new S3Client({
      endpoint: creds.endpoint,
      region: creds.region,
      forcePathStyle: true,
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    });
    try {
      await s3.send(new PutObjectCommand({ Bucket: creds.bucket, Key: `${creds.prefix}notes/hello.txt`, Body: 'hello' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: creds.bucket, Key: `${creds.prefix}notes/hello.txt` }));
      assert.equal(await got.Body!.transformToString(), 'hello');
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: creds.bucket, Prefix: creds.prefix }));
      assert.ok(listed.Contents?.some((o) => o.Key === `${creds.prefix}notes/hello.txt`));

      const bobId = (await bob.auth.me()).id;
      for (const key of [`users/${bobId}/x.txt`, `users/${me.id}x/x.txt`, 'other.txt']) {
        await assert.rejects(s3.send(new PutObjectCommand({ Bucket: creds.bucket, Key: key, Body: 'no' })), /AccessDenied/, key);
      }
      await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: creds.bucket, Prefix: 'users/' })), /AccessDenied/);
    } finally {
      s3.destroy();
    }
  });
});
