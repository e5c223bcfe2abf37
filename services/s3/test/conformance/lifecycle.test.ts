import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { signRequest } from '@photocloud/sigv4';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { createLogger } from '@photocloud/kit';
import { loadS3Config } from '../../src/config.ts';
import { startS3Service } from '../../src/service.ts';
import { startTestS3, s3Client } from '../helpers.ts';

forEachDialect('S3 service start-up and shutdown', (ctx) => {
  it('generates a root key once, keeps it with mode 0600, and reuses it on restart', async () => {
    const first = await startTestS3(ctx);
    const file = join(first.dataDir, 's3', 'root-key.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), first.service.rootKey);
    await first.close();
    const again = await startS3Service({
      config: loadS3Config({ S3_PORT: '0', DATA_DIR: first.dataDir, ...(ctx.url ? { DATABASE_URL: ctx.url } : {}) }),
      log: createLogger({ service: 's3', level: 'silent' }),
    });
    try {
      assert.deepEqual(again.rootKey, first.service.rootKey);
    } finally {
      await again.close();
    }
  });

  it('uses S3_ACCESS_KEY / S3_SECRET_KEY when given', async () => {
    const s3 = await startTestS3(ctx, { S3_ACCESS_KEY: 'CONFIGUREDKEY', S3_SECRET_KEY: 'configured-secret' });
    try {
      assert.deepEqual(s3.service.rootKey, { accessKeyId: 'CONFIGUREDKEY', secretAccessKey: 'configured-secret' });
      const wrong = s3Client(s3.url, { accessKeyId: 'OTHER', secretAccessKey: 'configured-secret' });
      await assert.rejects(wrong.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'x' })), { name: 'InvalidAccessKeyId' });
      wrong.destroy();
    } finally {
      await s3.close();
    }
  });

  it('lets an in-flight upload finish when closing, then stops accepting', async () => {
    const s3 = await startTestS3(ctx);
    const path = `/${s3.bucket}/closing`;
    const body = Buffer.alloc(256 * 1024, 'c');
    const headers = { 'content-length': String(body.length) };
    const signed = signRequest({ ...s3.service.rootKey, method: 'PUT', url: s3.url + path, headers, payloadHash: 'UNSIGNED-PAYLOAD', region: 'us-east-1', service: 's3', now: new Date() });
    const status = new Promise<number>((resolve, reject) => {
      const req = request(s3.url + path, { method: 'PUT', headers: { ...headers, ...signed } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(body.subarray(0, 1000));
      void sleep(200).then(() => req.end(body.subarray(1000)));
    });
    await sleep(50);
    const closed = s3.close();
    assert.equal(await status, 200);
    await closed;
    await assert.rejects(fetch(`${s3.url}/`), 'no longer accepting');
  });
});
