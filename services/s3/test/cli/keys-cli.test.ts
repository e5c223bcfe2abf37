import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { s3Client, startTestS3, type TestS3 } from '../helpers.ts';
import { run } from '../clients/tools.ts';

const BIN = join(import.meta.dirname, '../../../../apps/server/bin/photocloud.mjs');

forEachDialect('photocloud s3 keys (CLI)', (ctx) => {
  let s3: TestS3;
  let env: Record<string, string>;
  before(async () => {
    s3 = await startTestS3(ctx);
    // The CLI finds the root key in DATA_DIR/s3/root-key.json, as on a real install.
    env = { DATA_DIR: s3.dataDir, S3_PORT: new URL(s3.url).port, S3_HOST: '127.0.0.1', S3_ACCESS_KEY: '', S3_SECRET_KEY: '' };
  });
  after(() => s3?.close());

  const cli = (...args: string[]) => run(process.execPath, [BIN, 's3', 'keys', ...args], env);

  it('creates a key from a policy file, lists it, and revokes it', async () => {
    const policyFile = join(ctx.dir, `policy-${Date.now()}.json`);
    writeFileSync(policyFile, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${s3.bucket}/users/cli/*` }] }));
    const created = await cli('create', '--owner', 'cli', '--policy', policyFile, '--description', 'laptop');
    assert.equal(created.code, 0, created.stderr);
    const key = JSON.parse(created.stdout) as { accessKeyId: string; secretAccessKey: string };
    const c = s3Client(s3.url, key);
    await c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/cli/a', Body: 'a' }));
    await assert.rejects(c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'users/cli/a' })), (e: S3ServiceException) => e.name === 'AccessDenied');

    const listed = await cli('list', '--owner', 'cli');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${key.accessKeyId}\\s+cli\\s.*laptop$`, 'm'));
    assert.equal(listed.stdout.includes(key.secretAccessKey), false);

    const revoked = await cli('revoke', key.accessKeyId);
    assert.equal(revoked.code, 0, revoked.stderr);
    await assert.rejects(c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/cli/b', Body: 'b' })), (e: S3ServiceException) => e.name === 'InvalidAccessKeyId');
    c.destroy();
  });

  it('explains a bad policy and a missing option with a non-zero exit', async () => {
    const bad = await cli('create', '--owner', 'cli', '--policy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid_policy: invalid policy: Statement\[0\]\.Resource/);
    const missing = await cli('create', '--owner', 'cli');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--policy/);
    const unknown = await cli('revoke', 'AKPCNOSUCHKEY0000000');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /not_found/);
  });
});
