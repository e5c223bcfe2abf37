import assert from 'node:assert/strict';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';
import { TREE, makeTree, ok, rcloneEnv, readTree, run } from './tools.ts';

forEachDialect('rclone against the S3 service', (ctx) => {
  let s3: TestS3;
  let env: Record<string, string | undefined>;
  let src = '';
  const rclone = (...args: string[]) => ok('rclone', args, env);

  before(async () => {
    s3 = await startTestS3(ctx);
    env = rcloneEnv({ dir: ctx.dir, endpoint: s3.url, ...s3.service.rootKey });
    src = join(ctx.dir, 'rclone-src');
    makeTree(src);
  });
  after(() => s3.close());

  it('copies a folder and finds every file identical with rclone check (sizes and MD5 ETags)', async () => {
    await rclone('copy', src, `pc:${s3.bucket}/rc`);
    await rclone('check', src, `pc:${s3.bucket}/rc`);
    const listed = (await rclone('lsf', '-R', '--files-only', `pc:${s3.bucket}/rc`)).trim().split('\n').sort();
    assert.deepEqual(listed, Object.keys(TREE).sort());
  });

  it('syncs changes and deletions, then copies back byte for byte', async () => {
    appendFileSync(join(src, 'a+b/c%d.txt'), 'changed');
    rmSync(join(src, 'empty.txt'));
    await rclone('sync', src, `pc:${s3.bucket}/rc`);
    await rclone('check', src, `pc:${s3.bucket}/rc`);
    const dst = join(ctx.dir, 'rclone-dst');
    await rclone('copy', `pc:${s3.bucket}/rc`, dst);
    assert.deepEqual(readTree(dst), readTree(src));
    assert.equal(await rclone('cat', `pc:${s3.bucket}/rc/a+b/c%d.txt`, '--offset', '1000'), 'changed');
  });

  it('notices a difference with rclone check', async () => {
    appendFileSync(join(src, 'photo 1.jpg'), 'x');
    const r = await run('rclone', ['check', src, `pc:${s3.bucket}/rc`], env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /1 differences found/);
  });

  it('purges a prefix', async () => {
    await rclone('purge', `pc:${s3.bucket}/rc`);
    assert.equal((await rclone('lsf', '-R', `pc:${s3.bucket}/rc`)).trim(), '');
  });
});
