import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';
import { ok, run } from './tools.ts';

/** Debian's python3 has python3-boto3 (what CI installs); fall back to the python3 on PATH. */
async function pythonWithBoto3(): Promise<string> {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if ((await run(py, ['-c', 'import boto3']).catch(() => ({ code: 1 }))).code === 0) return py;
  }
  throw new Error('no python3 with boto3: install python3-boto3');
}

forEachDialect('boto3 against the S3 service', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3.close());

  it('puts, gets, transfers, ranges, paginates, presigns and multi-deletes', async () => {
    const py = await pythonWithBoto3();
    const stdout = await ok(py, [join(import.meta.dirname, 'boto3-client.py'), s3.url, s3.bucket], {
      KEY_ID: s3.service.rootKey.accessKeyId,
      SECRET: s3.service.rootKey.secretAccessKey,
    });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(out, {
      roundtrip: true,
      metadata: { owner: 'bob' },
      contentType: 'image/jpeg',
      etagIsMd5: true,
      transfer: true,
      range: true,
      listed: ['py/uploaded.bin', 'py/ünï code+ key.bin'],
      presigned: true,
      missing: '404',
      deleted: ['py/uploaded.bin', 'py/ünï code+ key.bin'],
      left: 0,
    });
  });
});
