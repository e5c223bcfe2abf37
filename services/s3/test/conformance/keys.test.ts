import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { blobsDir, listFiles, startTestS3, tmpDir, type TestS3 } from '../helpers.ts';

const WEIRD_KEYS = [
  '..',
  '../escape',
  '../../etc/passwd',
  './dot',
  'a/./b',
  'a//b',
  '//lead',
  'trailing/',
  'a/b',
  'a/b/c',
  'back\\slash',
  '..\\..\\win',
  'with space',
  ' lead-space',
  'percent%20not-decoded',
  '100%',
  'plus+sign',
  'question?mark',
  'hash#tag',
  'amp&eq=1',
  'emoji 📷🌅',
  'accents éàü',
  'tab\tand\nnewline',
  `${'s'.repeat(300)}/${'t'.repeat(300)}`,
  'x'.repeat(1024),
  `${'é'.repeat(511)}ab`, // 1024 bytes, 513 characters
];

forEachDialect('S3 keys round-trip exactly', (ctx) => {
  let s3: TestS3;
  const bucket = 'keys-bucket';
  before(async () => {
    s3 = await startTestS3(ctx);
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(() => s3?.close());

  it('stores, lists and reads back keys with traversal, slashes, escapes, emoji and 1024 bytes', async () => {
    for (const key of WEIRD_KEYS) {
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    }
    for (const key of WEIRD_KEYS) {
      const got = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      assert.equal(await got.Body!.transformToString(), `body of ${key}`, JSON.stringify(key));
    }
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const want = [...WEIRD_KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), want);
  });

  it('keeps bytes only in random-id files under blobs/, nothing elsewhere', async () => {
    const files = listFiles(blobsDir(s3));
    assert.equal(files.length, WEIRD_KEYS.length);
    for (const f of files) assert.match(f, /^[0-9a-f]{2}\/[0-9a-f]{32}$/);
    assert.deepEqual(listFiles(tmpDir(s3)), []);
    const top = listFiles(`${s3.dataDir}/s3`).filter((f) => !f.startsWith('blobs/') && !f.startsWith('tmp/'));
    for (const f of top) assert.match(f, /^(meta\.db(-wal|-shm)?|root-key\.json|server-secret)$/);
  });

  it('rejects a 1025-byte key with KeyTooLongError', async () => {
    await assert.rejects(s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1025), Body: 'x' })), { name: 'KeyTooLongError' });
    await assert.rejects(s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `${'é'.repeat(512)}a`, Body: 'x' })), { name: 'KeyTooLongError' });
  });

  it('keeps a/b and a/b/c as two objects', async () => {
    const a = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b' }));
    const c = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b/c' }));
    assert.equal(createHash('md5').update(await a.Body!.transformToString()).digest('hex'), createHash('md5').update('body of a/b').digest('hex'));
    assert.equal(await c.Body!.transformToString(), 'body of a/b/c');
  });
});
