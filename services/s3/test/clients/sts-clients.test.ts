import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';
import { AUDIENCE, ISSUER, startIdp, type TestIdp } from '../iam/jwks-server.ts';
import { debianOr, md5, ok, rcloneEnv, run } from './tools.ts';

const AWS = debianOr('/usr/bin/aws', 'aws');

/** aws CLI and rclone configured with temporary credentials from AssumeRoleWithWebIdentity (session token env vars). */
forEachDialect('aws CLI and rclone with temporary credentials', (ctx) => {
  let s3: TestS3;
  let idp: TestIdp;
  let creds: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  let file = '';
  let data: Buffer;
  before(async () => {
    idp = await startIdp();
    s3 = await startTestS3(ctx, { S3_STS_JWKS_URL: idp.jwksUrl, S3_STS_ISSUER: ISSUER, S3_STS_AUDIENCE: AUDIENCE });
    const sts = new STSClient({ endpoint: s3.url, region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::0:role/user', RoleSessionName: 'cli', WebIdentityToken: await idp.token('u42') }));
    sts.destroy();
    creds = out.Credentials as typeof creds;
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'users/other/secret.txt', Body: 'no' }));
    file = join(ctx.dir, 'big.bin');
    data = randomBytes(12 * 1024 * 1024);
    writeFileSync(file, data);
  });
  after(async () => {
    await s3?.close();
    await idp?.close();
  });

  it('aws CLI: put (multipart), list, get, delete under users/<sub>/; denied elsewhere', async () => {
    const env = {
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(ctx.dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ctx.dir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
    const aws = (...args: string[]) => ok(AWS, ['--endpoint-url', s3.url, ...args], env);
    const denied = async (...args: string[]) => {
      const r = await run(AWS, ['--endpoint-url', s3.url, ...args], env);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, /AccessDenied|Forbidden|403/, args.join(' '));
    };
    const B = s3.bucket;
    await aws('s3', 'cp', file, `s3://${B}/users/u42/big.bin`);
    assert.match(await aws('s3', 'ls', `s3://${B}/users/u42/`), /big\.bin/);
    const back = join(ctx.dir, 'aws-back.bin');
    await aws('s3', 'cp', `s3://${B}/users/u42/big.bin`, back);
    assert.equal(md5(readFileSync(back)), md5(data));
    await aws('s3', 'rm', `s3://${B}/users/u42/big.bin`);
    await denied('s3', 'cp', back, `s3://${B}/users/u42x/big.bin`);
    await denied('s3', 'cp', `s3://${B}/users/other/secret.txt`, join(ctx.dir, 'stolen.txt'));
    await denied('s3api', 'list-objects-v2', '--bucket', B);
    await denied('s3', 'ls');
  });

  it('rclone: copy (multipart), list, cat, delete under users/<sub>/; denied elsewhere', async () => {
    const env = {
      ...rcloneEnv({ dir: ctx.dir, endpoint: s3.url, accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken }),
      // The role cannot HeadBucket/CreateBucket: do not try.
      RCLONE_S3_NO_CHECK_BUCKET: 'true',
    };
    const rclone = (...args: string[]) => ok('rclone', args, env);
    const B = s3.bucket;
    await rclone('copyto', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', file, `pc:${B}/users/u42/rc/big.bin`);
    assert.equal((await rclone('lsf', `pc:${B}/users/u42/rc`)).trim(), 'big.bin');
    const back = join(ctx.dir, 'rc-back.bin');
    await rclone('copyto', `pc:${B}/users/u42/rc/big.bin`, back);
    assert.equal(md5(readFileSync(back)), md5(data));
    await rclone('deletefile', `pc:${B}/users/u42/rc/big.bin`);
    assert.equal((await rclone('lsf', `pc:${B}/users/u42/`)).trim(), '');
    for (const args of [['lsf', `pc:${B}/users/other/`], ['cat', `pc:${B}/users/other/secret.txt`], ['lsf', `pc:${B}`], ['copyto', back, `pc:${B}/users/u42x/a.bin`]]) {
      const r = await run('rclone', ['--retries', '1', '--low-level-retries', '1', ...args], env);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, /AccessDenied|403/, args.join(' '));
    }
  });
});
