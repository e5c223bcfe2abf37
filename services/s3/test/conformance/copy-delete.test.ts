import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { blobsDir, listFiles, startTestS3, type TestS3 } from '../helpers.ts';

forEachDialect('S3 copy and multi-delete with @aws-sdk/client-s3', (ctx) => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3(ctx);
  });
  after(() => s3?.close());

  const put = (Key: string, Body: string, extra: Record<string, unknown> = {}) =>
    s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body, ...extra }));

  it('copies bytes and metadata with COPY, and replaces metadata with REPLACE', async () => {
    const src = await put('src/a b+c.txt', 'original', { ContentType: 'text/plain', Metadata: { a: '1' } });
    const copy = await s3.client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: 'dst/copy.txt', CopySource: `${s3.bucket}/${encodeURIComponent('src/a b+c.txt')}` }));
    assert.equal(copy.CopyObjectResult?.ETag, src.ETag);
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'dst/copy.txt' }));
    assert.equal(await got.Body!.transformToString(), 'original');
    assert.equal(got.ContentType, 'text/plain');
    assert.deepEqual(got.Metadata, { a: '1' });

    await s3.client.send(
      new CopyObjectCommand({
        Bucket: s3.bucket,
        Key: 'dst/replaced.txt',
        CopySource: `/${s3.bucket}/${encodeURIComponent('src/a b+c.txt')}?versionId=null`,
        MetadataDirective: 'REPLACE',
        ContentType: 'application/json',
        Metadata: { b: '2' },
      }),
    );
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'dst/replaced.txt' }));
    assert.equal(head.ContentType, 'application/json');
    assert.deepEqual(head.Metadata, { b: '2' });
  });

  it('refuses copying an object onto itself without changes, allows it with REPLACE', async () => {
    await put('self', 'same', { Metadata: { v: '1' } });
    await assert.rejects(s3.client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: 'self', CopySource: `${s3.bucket}/self` })), { name: 'InvalidRequest' });
    await s3.client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: 'self', CopySource: `${s3.bucket}/self`, MetadataDirective: 'REPLACE', Metadata: { v: '2' } }));
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'self' }));
    assert.deepEqual(head.Metadata, { v: '2' });
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'self' }));
    assert.equal(await got.Body!.transformToString(), 'same');
  });

  it('checks copy-source conditions and a missing source', async () => {
    const src = await put('cond-src', 'c');
    await assert.rejects(
      s3.client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: 'cond-dst', CopySource: `${s3.bucket}/cond-src`, CopySourceIfMatch: '"nope"' })),
      { name: 'PreconditionFailed' },
    );
    await assert.rejects(
      s3.client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: 'cond-dst', CopySource: `${s3.bucket}/cond-src`, CopySourceIfNoneMatch: src.ETag })),
      { name: 'PreconditionFailed' },
    );
    await s3.client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: 'cond-dst', CopySource: `${s3.bucket}/cond-src`, CopySourceIfMatch: src.ETag }));
    await assert.rejects(s3.client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: 'x', CopySource: `${s3.bucket}/missing` })), { name: 'NoSuchKey' });
  });

  it('deletes many keys at once, reporting each, and quietly', async () => {
    for (const k of ['md/1', 'md/2', 'md/3', 'md/4']) await put(k, k);
    const res = await s3.client.send(
      new DeleteObjectsCommand({ Bucket: s3.bucket, Delete: { Objects: [{ Key: 'md/1' }, { Key: 'md/2' }, { Key: 'md/never-existed' }] } }),
    );
    assert.deepEqual(res.Deleted?.map((d) => d.Key).sort(), ['md/1', 'md/2', 'md/never-existed']);
    assert.equal(res.Errors, undefined);
    const quiet = await s3.client.send(new DeleteObjectsCommand({ Bucket: s3.bucket, Delete: { Objects: [{ Key: 'md/3' }, { Key: 'md/4' }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
    const left = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'md/' }));
    assert.equal(left.KeyCount, 0);
  });

  it('keeps one complete version under concurrent overwrites of one key', async () => {
    const bodies = Array.from({ length: 16 }, (_, i) => `version ${i} `.repeat(1000 + i));
    await Promise.all(bodies.map((b) => put('contended', b)));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'contended' }));
    assert.ok(bodies.includes(await got.Body!.transformToString()));
  });

  it('leaves exactly one blob file per object after overwrites, copies and deletes', async () => {
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    assert.equal(listFiles(blobsDir(s3)).length, listed.KeyCount);
  });
});
