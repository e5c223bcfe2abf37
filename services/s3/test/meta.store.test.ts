import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { migrateToLatest, openDb, type Database } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { migrations } from '../src/db/migrations/index.ts';
import type { S3Db } from '../src/db/schema.ts';
import { MetaStore, type ObjectMeta } from '../src/store/meta.store.ts';

const meta = (bucket: string, key: string, blobId: string): ObjectMeta => ({
  bucket,
  key,
  size: 1,
  etag: 'd41d8cd98f00b204e9800998ecf8427e',
  checksums: { CRC32: 'AAAAAA==' },
  contentType: null,
  cacheControl: null,
  contentDisposition: null,
  contentEncoding: null,
  contentLanguage: null,
  expires: null,
  metadata: { a: 'b' },
  lastModified: new Date().toISOString(),
  blobId,
  owner: 'root',
});

forEachDialect('S3 metadata store', (ctx) => {
  let database: Database<S3Db>;
  let store: MetaStore;
  before(async () => {
    database = await openDb<S3Db>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 's3' });
    await migrateToLatest(database.db, migrations);
    store = new MetaStore(database.db, database.dialect);
    await store.createBucket({ name: 'b', owner: 'root', region: 'us-east-1', createdAt: new Date().toISOString() });
  });
  after(() => database?.close());

  it('group-commits concurrent overwrites of one key: one row, every replaced blob marked as garbage', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `${i}`.padStart(32, 'a'));
    await Promise.all(ids.map((id) => store.beginUpload(id)));
    const replaced = await Promise.all(ids.map((id) => store.commitObject(meta('b', 'same', id))));
    const row = await store.getObject('b', 'same');
    assert.ok(row && ids.includes(row.blobId));
    assert.deepEqual(row.checksums, { CRC32: 'AAAAAA==' });
    assert.deepEqual(row.metadata, { a: 'b' });
    // Every blob but the live one was replaced exactly once and is a garbage intent; no upload intent is left.
    assert.equal(replaced.filter(Boolean).length, ids.length - 1);
    const intents = await store.listIntents();
    assert.deepEqual(intents.map((i) => i.kind).sort(), Array(ids.length - 1).fill('garbage'));
    assert.deepEqual(new Set(intents.map((i) => i.blobId)), new Set(ids.filter((id) => id !== row.blobId)));
    await store.forgetIntents(intents.map((i) => i.blobId));
  });

  it('fails only the commit whose bucket is missing when it shares a batch with good ones', async () => {
    const results = await Promise.allSettled([
      store.commitObject(meta('b', 'ok-1', 'b'.repeat(32))),
      store.commitObject(meta('no-such-bucket', 'k', 'c'.repeat(32))),
      store.commitObject(meta('b', 'ok-2', 'd'.repeat(32))),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.ok(await store.getObject('b', 'ok-1'));
    assert.ok(await store.getObject('b', 'ok-2'));
  });

  it('lists by prefix in byte order without treating % and _ as wildcards', async () => {
    for (const [i, key] of ['p%/1', 'p_/1', 'pX/1', 'p/1', 'p/é', 'p/😀'].entries()) {
      await store.commitObject(meta('b', key, `${i}`.padStart(32, 'e')));
    }
    const keys = async (prefix: string) => (await store.listObjects({ bucket: 'b', prefix, limit: 100 })).map((o) => o.key);
    assert.deepEqual(await keys('p%'), ['p%/1']);
    assert.deepEqual(await keys('p_'), ['p_/1']);
    assert.deepEqual(await keys('p/'), ['p/1', 'p/é', 'p/😀']);
    assert.deepEqual((await store.listObjects({ bucket: 'b', prefix: 'p/', after: 'p/1', limit: 1 })).map((o) => o.key), ['p/é']);
  });

  it('deletes a bucket only when empty', async () => {
    assert.equal(await store.deleteBucket('b'), false);
    await store.createBucket({ name: 'empty', owner: 'root', region: 'us-east-1', createdAt: new Date().toISOString() });
    assert.equal(await store.deleteBucket('empty'), true);
    assert.equal(await store.getBucket('empty'), undefined);
  });
});
