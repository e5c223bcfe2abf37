import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';
import { TREE, debianOr, makeTree, ok, readTree, run } from './tools.ts';

const AWS = debianOr('/usr/bin/aws', 'aws');

forEachDialect('aws CLI against the S3 service', (ctx) => {
  let s3: TestS3;
  let env: Record<string, string>;
  let src = '';
  let md5s: Record<string, string> = {};
  const aws = (...args: string[]) => ok(AWS, ['--endpoint-url', s3.url, ...args], env);

  before(async () => {
    s3 = await startTestS3(ctx);
    env = {
      AWS_ACCESS_KEY_ID: s3.service.rootKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.service.rootKey.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(ctx.dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ctx.dir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
    src = join(ctx.dir, 'aws-src');
    md5s = makeTree(src);
  });
  after(() => s3.close());

  it('syncs a folder up and down byte for byte, odd names included', async () => {
    await aws('s3', 'sync', src, `s3://${s3.bucket}/aws/`);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'aws/' }));
    assert.deepEqual((listed.Contents ?? []).map((o) => o.Key).sort(), Object.keys(TREE).map((k) => `aws/${k}`).sort());
    const dst = join(ctx.dir, 'aws-dst');
    await aws('s3', 'sync', `s3://${s3.bucket}/aws/`, dst);
    assert.deepEqual(readTree(dst), md5s);
    // A second sync finds nothing to do: sizes and dates agree.
    assert.equal((await aws('s3', 'sync', src, `s3://${s3.bucket}/aws/`)).trim(), '');
  });

  it('copies, lists and removes single objects', async () => {
    await aws('s3', 'cp', join(src, 'photo 1.jpg'), `s3://${s3.bucket}/single/photo 1.jpg`);
    const ls = await aws('s3', 'ls', `s3://${s3.bucket}/single/`);
    assert.match(ls, /\s300000 photo 1\.jpg/);
    const out = join(ctx.dir, 'aws-one.jpg');
    await aws('s3', 'cp', `s3://${s3.bucket}/single/photo 1.jpg`, out);
    assert.deepEqual(readFileSync(out), readFileSync(join(src, 'photo 1.jpg')));
    await aws('s3', 'rm', `s3://${s3.bucket}/single/photo 1.jpg`);
    // `aws s3 ls` exits 1 when nothing matches.
    const empty = await run(AWS, ['--endpoint-url', s3.url, 's3', 'ls', `s3://${s3.bucket}/single/`], env);
    assert.deepEqual([empty.code, empty.stdout.trim()], [1, '']);
  });

  it('keeps metadata and content headers through s3api put-object / head-object / copy-object', async () => {
    const file = join(ctx.dir, 'meta.txt');
    writeFileSync(file, 'hello metadata');
    await aws('s3api', 'put-object', '--bucket', s3.bucket, '--key', 'meta/a.txt', '--body', file, '--metadata', 'owner=alice,taken-at=2024-05-01',
      '--content-type', 'text/plain; charset=utf-8', '--cache-control', 'max-age=60', '--content-disposition', 'inline');
    const head = JSON.parse(await aws('s3api', 'head-object', '--bucket', s3.bucket, '--key', 'meta/a.txt')) as Record<string, unknown>;
    assert.equal(head.ContentLength, 14);
    assert.equal(head.ContentType, 'text/plain; charset=utf-8');
    assert.equal(head.CacheControl, 'max-age=60');
    assert.equal(head.ContentDisposition, 'inline');
    assert.deepEqual(head.Metadata, { owner: 'alice', 'taken-at': '2024-05-01' });
    await aws('s3api', 'copy-object', '--bucket', s3.bucket, '--key', 'meta/b.txt', '--copy-source', `${s3.bucket}/meta/a.txt`);
    const copied = JSON.parse(await aws('s3api', 'head-object', '--bucket', s3.bucket, '--key', 'meta/b.txt')) as Record<string, unknown>;
    assert.deepEqual(copied.Metadata, { owner: 'alice', 'taken-at': '2024-05-01' });
    assert.equal(copied.ETag, head.ETag);
  });

  it('reads a byte range and lists with a delimiter', async () => {
    const out = join(ctx.dir, 'range.bin');
    await aws('s3api', 'get-object', '--bucket', s3.bucket, '--key', 'meta/a.txt', '--range', 'bytes=6-13', out);
    assert.equal(readFileSync(out, 'utf8'), 'metadata');
    const listed = JSON.parse(await aws('s3api', 'list-objects-v2', '--bucket', s3.bucket, '--delimiter', '/', '--prefix', 'aws/')) as {
      CommonPrefixes: { Prefix: string }[];
    };
    assert.deepEqual(listed.CommonPrefixes.map((p) => p.Prefix).sort(), ['aws/2024/', 'aws/a+b/', 'aws/deep/']);
  });

  it('creates and deletes a bucket, and reports a missing one', async () => {
    await aws('s3', 'mb', 's3://aws-cli-bucket');
    assert.match(await aws('s3', 'ls'), /aws-cli-bucket/);
    await aws('s3', 'rb', 's3://aws-cli-bucket');
    const missing = await run(AWS, ['--endpoint-url', s3.url, 's3', 'ls', 's3://no-such-bucket-here/'], env);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NoSuchBucket/);
  });

  it('removes a whole prefix recursively', async () => {
    await aws('s3', 'rm', '--recursive', `s3://${s3.bucket}/aws/`);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'aws/' }));
    assert.equal(listed.KeyCount, 0);
  });
});
