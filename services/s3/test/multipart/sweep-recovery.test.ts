import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { CreateMultipartUploadCommand, ListPartsCommand, S3ServiceException, UploadPartCommand } from '@aws-sdk/client-s3';
import { createLogger, openDb, type Clock } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { loadS3Config } from '../../src/config.ts';
import type { S3Db } from '../../src/db/schema.ts';
import { startS3Service } from '../../src/service.ts';
import { blobsDir, listFiles, s3Client, startTestS3 } from '../helpers.ts';

forEachDialect('S3 multipart sweep and recovery', (ctx) => {
  it('aborts uploads older than S3_MULTIPART_MAX_AGE (sweep) and unlinks their parts, keeping younger ones', async () => {
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };
    const dataDir = join(ctx.dir, `sweep-${Date.now()}`);
    const config = loadS3Config({ S3_PORT: '0', DATA_DIR: dataDir, S3_MULTIPART_MAX_AGE: '600', ...(ctx.url ? { DATABASE_URL: ctx.url } : {}) });
    const service = await startS3Service({ config, clock, log: createLogger({ service: 's3', level: 'silent' }) });
    const client = s3Client(service.url, service.rootKey);
    try {
      const Bucket = config.bucket;
      const old = (await client.send(new CreateMultipartUploadCommand({ Bucket, Key: 'sweep/old' }))).UploadId!;
      await client.send(new UploadPartCommand({ Bucket, Key: 'sweep/old', UploadId: old, PartNumber: 1, Body: 'old part' }));
      // Steps stay inside the 15-minute signature skew: requests are signed with the real time.
      now += 300 * 1000;
      const young = (await client.send(new CreateMultipartUploadCommand({ Bucket, Key: 'sweep/young' }))).UploadId!;
      await client.send(new UploadPartCommand({ Bucket, Key: 'sweep/young', UploadId: young, PartNumber: 1, Body: 'young part' }));
      const blobs = join(dataDir, 's3', 'blobs');
      assert.equal(listFiles(blobs).length, 2);
      assert.equal(await service.sweepUploads(), 0, 'nothing is ten minutes old yet');
      now += 400 * 1000;
      assert.equal(await service.sweepUploads(), 1);
      await assert.rejects(client.send(new ListPartsCommand({ Bucket, Key: 'sweep/old', UploadId: old })), (e: S3ServiceException) => e.name === 'NoSuchUpload');
      const parts = await client.send(new ListPartsCommand({ Bucket, Key: 'sweep/young', UploadId: young }));
      assert.equal(parts.Parts?.length, 1);
      assert.equal(listFiles(blobs).length, 1);
    } finally {
      client.destroy();
      await service.close();
    }
  });

  it('recovery after a crash keeps committed part blobs and removes uncommitted ones', async () => {
    const s3 = await startTestS3(ctx);
    const Bucket = s3.bucket;
    const id = (await s3.client.send(new CreateMultipartUploadCommand({ Bucket, Key: 'rec/a' }))).UploadId!;
    await s3.client.send(new UploadPartCommand({ Bucket, Key: 'rec/a', UploadId: id, PartNumber: 1, Body: 'committed' }));
    const [committed] = listFiles(blobsDir(s3));
    await s3.close();
    // What a kill between "part blob renamed in" and "part row committed" leaves: a blob and its upload intent,
    // plus a stale garbage intent naming the committed part's blob (must not unlink a blob a part row holds).
    const orphan = 'ab'.repeat(16);
    writeFileSync(join(blobsDir(s3), 'ab', orphan), 'partial part');
    const database = await openDb<S3Db>({ url: ctx.url, sqlitePath: join(s3.dataDir, 's3', 'meta.db'), schema: 's3' });
    await database.db.insertInto('writeIntent').values([{ blobId: orphan, kind: 'upload' }, { blobId: committed!.split('/')[1]!, kind: 'garbage' }]).execute();
    await database.close();

    const config = loadS3Config({ S3_PORT: '0', DATA_DIR: s3.dataDir, ...(ctx.url ? { DATABASE_URL: ctx.url } : {}) });
    const service = await startS3Service({ config, log: createLogger({ service: 's3', level: 'silent' }) });
    const client = s3Client(service.url, service.rootKey);
    try {
      assert.deepEqual(listFiles(blobsDir(s3)), [committed]);
      const parts = await client.send(new ListPartsCommand({ Bucket, Key: 'rec/a', UploadId: id }));
      assert.equal(parts.Parts?.[0]?.Size, 'committed'.length);
    } finally {
      client.destroy();
      await service.close();
    }
  });
});
