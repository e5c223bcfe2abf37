import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { createLogger } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { CredentialsResponse, S3Credentials } from '@photocloud/contracts';
import { loadS3Config, startS3Service, type S3Service } from '@photocloud/s3';
import { API_URL, bearer, registerAndVerify, startHarness, type Harness } from './harness.ts';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function denied(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err.name;
    throw err;
  }
  return 'allowed';
}

forEachDialect('GET /credentials, embedded S3 STS', (ctx) => {
  let h: Harness;
  let s3: S3Service;
  let endpoint = '';
  const bucket = 'photocloud';
  before(async () => {
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    h = await startHarness(ctx, { env: { CREDENTIALS_PROVIDER: 'embedded', S3_ENDPOINT: endpoint, S3_BUCKET: bucket } });
    // The S3 service checks web-identity tokens against the auth service's JWKS, over HTTP.
    const authUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const config = loadS3Config({
      S3_PORT: String(port),
      // S3 metadata on its own SQLite file: this suite is about auth (on the dialect under test) and STS.
      DATA_DIR: `${ctx.dir}/s3-${port}`,
      S3_BUCKET: bucket,
      S3_STS_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
      S3_STS_ISSUER: API_URL,
    });
    s3 = await startS3Service({ config, log: createLogger({ service: 's3', level: 'silent' }) });
  });
  after(async () => {
    await s3?.close();
    await h?.close();
  });

  const credentials = async (token: string): Promise<S3Credentials> => {
    const res = await h.app.inject({ method: 'GET', url: '/credentials', headers: bearer(token) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    return res.json<S3Credentials>();
  };
  const client = (c: S3Credentials): S3Client =>
    new S3Client({ endpoint: c.endpoint, region: c.region, forcePathStyle: true, credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken } });

  it('hands out short-lived keys limited to users/<id>/: put and list inside with @aws-sdk/client-s3, denied outside and for another user', async () => {
    assert.equal((await h.app.inject({ method: 'GET', url: '/credentials' })).statusCode, 401);
    const a = await registerAndVerify(h);
    const b = await registerAndVerify(h);
    const c = await credentials(a.login.accessToken);
    assert.equal(c.mode, 's3');
    assert.equal(c.prefix, `users/${a.login.user.id}/`);
    assert.deepEqual([c.endpoint, c.region, c.bucket], [endpoint, 'us-east-1', bucket]);
    const ttl = Date.parse(c.expiration) - Date.now();
    assert.ok(ttl > 3500_000 && ttl <= 3600_000, `expires in an hour (${ttl} ms)`);
    const s3a = client(c);
    try {
      await s3a.send(new PutObjectCommand({ Bucket: bucket, Key: `${c.prefix}photo.jpg`, Body: 'jpeg bytes' }));
      const listed = await s3a.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: c.prefix }));
      assert.deepEqual(listed.Contents?.map((o) => o.Key), [`${c.prefix}photo.jpg`]);
      const bPrefix = `users/${b.login.user.id}/`;
      assert.equal(await denied(s3a.send(new PutObjectCommand({ Bucket: bucket, Key: `${bPrefix}planted.jpg`, Body: 'x' }))), 'AccessDenied');
      assert.equal(await denied(s3a.send(new PutObjectCommand({ Bucket: bucket, Key: 'top-level.jpg', Body: 'x' }))), 'AccessDenied');
      assert.equal(await denied(s3a.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'users/' }))), 'AccessDenied');
      const s3b = client(await credentials(b.login.accessToken));
      try {
        assert.equal(await denied(s3b.send(new GetObjectCommand({ Bucket: bucket, Key: `${c.prefix}photo.jpg` }))), 'AccessDenied');
        assert.equal(await denied(s3b.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: c.prefix }))), 'AccessDenied');
      } finally {
        s3b.destroy();
      }
    } finally {
      s3a.destroy();
    }
  });

  it('works with rclone: put and list under the prefix, refused outside it', async () => {
    const { login } = await registerAndVerify(h);
    const c = await credentials(login.accessToken);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RCLONE_CONFIG: '/dev/null',
      RCLONE_CONFIG_PC_TYPE: 's3',
      RCLONE_CONFIG_PC_PROVIDER: 'Other',
      RCLONE_CONFIG_PC_ACCESS_KEY_ID: c.accessKeyId,
      RCLONE_CONFIG_PC_SECRET_ACCESS_KEY: c.secretAccessKey,
      RCLONE_CONFIG_PC_SESSION_TOKEN: c.sessionToken,
      RCLONE_CONFIG_PC_ENDPOINT: c.endpoint,
      RCLONE_CONFIG_PC_REGION: c.region,
      RCLONE_CONFIG_PC_FORCE_PATH_STYLE: 'true',
    };
    const rclone = (...args: string[]) => run('rclone', ['--s3-no-check-bucket', '--retries', '1', '--low-level-retries', '1', ...args], { env, timeout: 30_000 });
    const child = rclone('rcat', `pc:${c.bucket}/${c.prefix}from-rclone.txt`);
    child.child.stdin!.end('hello from rclone');
    await child;
    const listed = await rclone('lsf', `pc:${c.bucket}/${c.prefix}`);
    assert.deepEqual(listed.stdout.trim().split('\n'), ['from-rclone.txt']);
    const outside = rclone('rcat', `pc:${c.bucket}/users/someone-else/x.txt`);
    outside.child.stdin!.end('nope');
    await assert.rejects(outside, /AccessDenied|403/);
    await assert.rejects(rclone('lsf', `pc:${c.bucket}/users/`), /AccessDenied|403/);
  });
});

forEachDialect('GET /credentials, presigned-only fallback', (ctx) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(ctx);
  });
  after(() => h.close());

  it('tells clients to use presigned URLs, with the user\'s prefix and no keys', async () => {
    const { login } = await registerAndVerify(h);
    const res = await h.app.inject({ method: 'GET', url: '/credentials', headers: bearer(login.accessToken) });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json<CredentialsResponse>(), { mode: 'presigned', bucket: 'photocloud', prefix: `users/${login.user.id}/` });
  });
});
