import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';
import { debianOr, md5, ok, rcloneEnv, run } from './tools.ts';

const AWS = debianOr('/usr/bin/aws', 'aws');
const MiB = 1024 * 1024;

/** Real clients splitting big files into parts: each must produce the multipart ETag and identical bytes back. */
forEachDialect('multipart uploads with aws CLI, rclone, s3cmd and boto3', (ctx) => {
  let s3: TestS3;
  let file = '';
  let data: Buffer;
  before(async () => {
    s3 = await startTestS3(ctx);
    file = join(ctx.dir, 'big.bin');
    data = randomBytes(20 * MiB + 123);
    writeFileSync(file, data);
  });
  after(() => s3.close());

  const partsOf = async (key: string): Promise<number> => {
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    assert.equal(head.ContentLength, data.length);
    return Number(/-(\d+)"$/.exec(head.ETag ?? '')?.[1] ?? 0);
  };

  it('aws s3 cp of a 20 MB file (8 MB multipart threshold) and back', async () => {
    const env = {
      AWS_ACCESS_KEY_ID: s3.service.rootKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.service.rootKey.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(ctx.dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ctx.dir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
    await ok(AWS, ['--endpoint-url', s3.url, 's3', 'cp', file, `s3://${s3.bucket}/mp/aws.bin`], env);
    assert.equal(await partsOf('mp/aws.bin'), 3);
    const back = join(ctx.dir, 'aws-back.bin');
    await ok(AWS, ['--endpoint-url', s3.url, 's3', 'cp', `s3://${s3.bucket}/mp/aws.bin`, back], env);
    assert.equal(md5(readFileSync(back)), md5(data));
  });

  it('rclone with --s3-upload-cutoff 5M --s3-chunk-size 5M', async () => {
    const env = rcloneEnv({ dir: ctx.dir, endpoint: s3.url, ...s3.service.rootKey });
    await ok('rclone', ['copyto', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', file, `pc:${s3.bucket}/mp/rclone.bin`], env);
    assert.equal(await partsOf('mp/rclone.bin'), 5);
    const back = join(ctx.dir, 'rclone-back.bin');
    await ok('rclone', ['copyto', `pc:${s3.bucket}/mp/rclone.bin`, back], env);
    assert.equal(md5(readFileSync(back)), md5(data));
  });

  it('s3cmd put --multipart-chunk-size-mb=5 and get', async () => {
    const host = new URL(s3.url).host;
    const cfg = join(ctx.dir, 's3cfg');
    writeFileSync(cfg, ['[default]', `access_key = ${s3.service.rootKey.accessKeyId}`, `secret_key = ${s3.service.rootKey.secretAccessKey}`,
      `host_base = ${host}`, `host_bucket = ${host}`, 'bucket_location = us-east-1', 'use_https = False', 'signature_v2 = False', ''].join('\n'));
    await ok('s3cmd', ['-c', cfg, 'put', '--multipart-chunk-size-mb=5', file, `s3://${s3.bucket}/mp/s3cmd.bin`]);
    assert.equal(await partsOf('mp/s3cmd.bin'), 5);
    const back = join(ctx.dir, 's3cmd-back.bin');
    await ok('s3cmd', ['-c', cfg, 'get', `s3://${s3.bucket}/mp/s3cmd.bin`, back]);
    assert.equal(md5(readFileSync(back)), md5(data));
  });

  it('boto3 upload_file with a small TransferConfig', async () => {
    const script = [
      'import os, sys, boto3',
      'from boto3.s3.transfer import TransferConfig',
      'from botocore.config import Config',
      's3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=os.environ["KEY_ID"],',
      '  aws_secret_access_key=os.environ["SECRET"], config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))',
      'cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=4)',
      's3.upload_file(sys.argv[3], sys.argv[2], "mp/boto3.bin", Config=cfg)',
      's3.download_file(sys.argv[2], "mp/boto3.bin", sys.argv[4], Config=cfg)',
    ].join('\n');
    const py = (await run('/usr/bin/python3', ['-c', 'import boto3'])).code === 0 ? '/usr/bin/python3' : 'python3';
    const back = join(ctx.dir, 'boto3-back.bin');
    await ok(py, ['-c', script, s3.url, s3.bucket, file, back], { KEY_ID: s3.service.rootKey.accessKeyId, SECRET: s3.service.rootKey.secretAccessKey });
    assert.equal(await partsOf('mp/boto3.bin'), 5);
    assert.equal(md5(readFileSync(back)), md5(data));
  });
});
