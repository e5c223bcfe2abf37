import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';
import { TREE, makeTree, ok, readTree } from './tools.ts';

forEachDialect('s3cmd against the S3 service', (ctx) => {
  let s3: TestS3;
  let cfg = '';
  let src = '';
  let md5s: Record<string, string> = {};
  const s3cmd = (...args: string[]) => ok('s3cmd', ['-c', cfg, ...args]);

  before(async () => {
    s3 = await startTestS3(ctx);
    const host = new URL(s3.url).host;
    cfg = join(ctx.dir, 's3cfg');
    writeFileSync(
      cfg,
      [
        '[default]',
        `access_key = ${s3.service.rootKey.accessKeyId}`,
        `secret_key = ${s3.service.rootKey.secretAccessKey}`,
        `host_base = ${host}`,
        `host_bucket = ${host}`,
        'bucket_location = us-east-1',
        'use_https = False',
        'signature_v2 = False',
        '',
      ].join('\n'),
    );
    src = join(ctx.dir, 's3cmd-src');
    md5s = makeTree(src);
  });
  after(() => s3.close());

  it('puts, lists, inspects and gets one object', async () => {
    await s3cmd('put', join(src, 'photo 1.jpg'), `s3://${s3.bucket}/one/photo 1.jpg`);
    assert.match(await s3cmd('ls', `s3://${s3.bucket}/one/`), /300000\s+s3:\/\/[^ ]+\/one\/photo 1\.jpg/);
    assert.match(await s3cmd('info', `s3://${s3.bucket}/one/photo 1.jpg`), new RegExp(`MD5 sum:\\s+${md5s['photo 1.jpg']}`));
    const out = join(ctx.dir, 's3cmd-one.jpg');
    await s3cmd('get', '--force', `s3://${s3.bucket}/one/photo 1.jpg`, out);
    assert.deepEqual(readFileSync(out), readFileSync(join(src, 'photo 1.jpg')));
  });

  it('syncs a folder up and back down', async () => {
    await s3cmd('sync', `${src}/`, `s3://${s3.bucket}/sync/`);
    const ls = await s3cmd('ls', '--recursive', `s3://${s3.bucket}/sync/`);
    for (const name of Object.keys(TREE)) assert.ok(ls.includes(`/sync/${name}`), `${name} listed`);
    const dst = join(ctx.dir, 's3cmd-dst');
    await s3cmd('sync', `s3://${s3.bucket}/sync/`, `${dst}/`);
    assert.deepEqual(readTree(dst), md5s);
  });

  it('makes and removes buckets, and deletes recursively', async () => {
    await s3cmd('mb', 's3://s3cmd-bucket');
    assert.match(await s3cmd('ls'), /s3:\/\/s3cmd-bucket/);
    await s3cmd('rb', 's3://s3cmd-bucket');
    await s3cmd('del', '--recursive', '--force', `s3://${s3.bucket}/sync/`);
    assert.equal((await s3cmd('ls', '--recursive', `s3://${s3.bucket}/sync/`)).trim(), '');
  });
});
