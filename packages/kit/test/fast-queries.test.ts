import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Kysely } from 'kysely';
import { forEachDialect } from '../src/testing/db.ts';
import { FastQueries, migrateToLatest, openDb, type Database } from '../src/index.ts';

interface DB {
  photo: { id: string; ownerId: string; title: string };
}

const migrations = {
  '0001_photo': {
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('photo')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

forEachDialect('FastQueries', (ctx) => {
  let handle: Database<DB>;
  let fast: FastQueries<DB>;
  before(async () => {
    handle = await openDb<DB>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'kit_fast_test' });
    await migrateToLatest(handle.db, migrations);
    fast = new FastQueries(handle.db);
  });
  after(() => handle.close());

  const insert = () => handle.db.insertInto('photo').values({ id: '?', ownerId: '?', title: '?' }).compile();
  const byOwner = () => handle.db.selectFrom('photo').selectAll().where('ownerId', '=', '?').orderBy('id').compile();

  it('runs compiled queries with new parameters and maps result columns to camelCase', async () => {
    const ins = insert();
    assert.deepEqual(await fast.all(ins, ['a1', 'u1', 'Beach']), []);
    await fast.all(ins, ['a2', 'u1', 'Snow']);
    const q = byOwner();
    assert.deepEqual(await fast.all(q, ['u1']), [
      { id: 'a1', ownerId: 'u1', title: 'Beach' },
      { id: 'a2', ownerId: 'u1', title: 'Snow' },
    ]);
    assert.deepEqual(await fast.all(q, ['nobody']), []);
    assert.throws(() => fast.all(q, []), /expected 1 parameters/);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const ins = insert();
    await fast.transaction(async (tx) => {
      await tx.all(ins, ['t1', 'u2', 'one']);
      await tx.all(ins, ['t2', 'u2', 'two']);
    });
    await assert.rejects(
      fast.transaction(async (tx) => {
        await tx.all(ins, ['t3', 'u2', 'three']);
        await tx.all(ins, ['t1', 'u2', 'duplicate id']);
      }),
    );
    assert.deepEqual((await fast.all(byOwner(), ['u2'])).map((r) => r.id), ['t1', 't2']);
  });

  it('never runs a statement inside a Kysely transaction that is still open', async () => {
    const ins = insert();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const open = handle.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('photo').values({ id: 'k1', ownerId: 'u3', title: 'rolled back' }).execute();
        await held;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await new Promise((r) => setTimeout(r, 20));
    // Issued while the transaction is open: it must not be rolled back with it.
    const outside = fast.all(ins, ['k2', 'u3', 'kept']);
    release();
    assert.equal(await open, 'rolled back');
    await outside;
    assert.deepEqual((await fast.all(byOwner(), ['u3'])).map((r) => r.id), ['k2']);
  });
});
