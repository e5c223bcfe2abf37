import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startTestS3, type TestS3 } from '../helpers.ts';

const KEYS = [
  'a.txt',
  'photos/2024/01/a.jpg',
  'photos/2024/01/b.jpg',
  'photos/2024/02/c.jpg',
  'photos/2025/d.jpg',
  'photos/e.jpg',
  'photos%/x',
  'photos_/y',
  'z/1',
  'z/2',
  'z/3',
];

forEachDialect('S3 listing with @aws-sdk/client-s3', (ctx) => {
  let s3: TestS3;
  const bucket = 'list-bucket';
  before(async () => {
    s3 = await startTestS3(ctx);
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of KEYS) await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  });
  after(() => s3?.close());

  async function allV2(input: Omit<ListObjectsV2CommandInput, 'Bucket'>): Promise<{ keys: string[]; prefixes: string[]; pages: number }> {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, ...input, ContinuationToken: token }));
      pages++;
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      assert.equal(page.KeyCount, (page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated) assert.ok(token);
    } while (token);
    return { keys, prefixes, pages };
  }

  it('lists every key in byte order, one page or many', async () => {
    const sorted = [...KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual((await allV2({})).keys, sorted);
    const paged = await allV2({ MaxKeys: 2 });
    assert.deepEqual(paged.keys, sorted);
    assert.equal(paged.pages, Math.ceil(KEYS.length / 2));
  });

  it('rolls keys up into common prefixes with a delimiter, across pages', async () => {
    const one = await allV2({ Delimiter: '/' });
    assert.deepEqual(one.keys, ['a.txt']);
    assert.deepEqual(one.prefixes, ['photos%/', 'photos/', 'photos_/', 'z/']);
    const paged = await allV2({ Delimiter: '/', MaxKeys: 1 });
    assert.deepEqual(paged.keys, one.keys);
    assert.deepEqual(paged.prefixes, one.prefixes);
    const nested = await allV2({ Prefix: 'photos/', Delimiter: '/' });
    assert.deepEqual(nested.keys, ['photos/e.jpg']);
    assert.deepEqual(nested.prefixes, ['photos/2024/', 'photos/2025/']);
  });

  it('treats % and _ in a prefix literally', async () => {
    assert.deepEqual((await allV2({ Prefix: 'photos%' })).keys, ['photos%/x']);
    assert.deepEqual((await allV2({ Prefix: 'photos_' })).keys, ['photos_/y']);
  });

  it('honours start-after and fetch-owner', async () => {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'photos_/y', FetchOwner: true }));
    assert.deepEqual(page.Contents?.map((o) => o.Key), ['z/1', 'z/2', 'z/3']);
    assert.ok(page.Contents?.[0]?.Owner?.ID);
    const noOwner = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'z/2' }));
    assert.equal(noOwner.Contents?.[0]?.Owner, undefined);
  });

  it('lists v1 with marker, NextMarker and max-keys', async () => {
    const first = await s3.client.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', MaxKeys: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(first.Contents?.map((o) => o.Key), ['a.txt']);
    assert.deepEqual(first.CommonPrefixes?.map((p) => p.Prefix), ['photos%/']);
    assert.equal(first.NextMarker, 'photos%/');
    const second = await s3.client.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', Marker: first.NextMarker }));
    assert.equal(second.IsTruncated, false);
    assert.deepEqual(second.CommonPrefixes?.map((p) => p.Prefix), ['photos/', 'photos_/', 'z/']);
    const plain = await s3.client.send(new ListObjectsCommand({ Bucket: bucket, Marker: 'z/1', MaxKeys: 1 }));
    assert.deepEqual(plain.Contents?.map((o) => o.Key), ['z/2']);
    assert.equal(plain.IsTruncated, true);
  });

  it('url-encodes keys and prefixes with encoding-type=url', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'enc/a b+c&d', Body: 'x' }));
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'enc/', EncodingType: 'url' }));
    assert.equal(page.EncodingType, 'url');
    assert.equal(decodeURIComponent(page.Contents![0]!.Key!), 'enc/a b+c&d');
    assert.notEqual(page.Contents![0]!.Key, 'enc/a b+c&d');
  });

  it('orders keys by UTF-8 bytes, not by UTF-16 units or locale', async () => {
    const b = 'order-bucket';
    await s3.client.send(new CreateBucketCommand({ Bucket: b }));
    // UTF-16 puts U+1F600 (D83D …) before U+FF61; UTF-8 bytes put U+FF61 (EF BD A1) before U+1F600 (F0 9F 98 80).
    const keys = ['Z', 'a', 'é', '\uff61', '😀', 'B', 'ab', 'a b'];
    for (const key of keys) await s3.client.send(new PutObjectCommand({ Bucket: b, Key: key, Body: '1' }));
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: b }));
    const want = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual(page.Contents?.map((o) => o.Key), want);
    assert.deepEqual(want, ['B', 'Z', 'a', 'a b', 'ab', 'é', '\uff61', '😀']);
  });

  it('rejects a bad max-keys', async () => {
    await assert.rejects(s3.client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: -1 })), { name: 'InvalidArgument' });
  });
});
