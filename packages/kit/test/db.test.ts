import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { forEachDialect } from '../src/testing/db.ts';
import { isUniqueViolation, migrateToLatest, openDb, type Database } from '../src/index.ts';

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
        .addUniqueConstraint('photo_owner_title_key', ['owner_id', 'title'])
        .execute();
    },
  },
};

forEachDialect('openDb + migrateToLatest', (ctx) => {
  let handle: Database<DB>;
  before(async () => {
    handle = await openDb<DB>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'kit_test' });
    await migrateToLatest(handle.db, migrations);
  });
  after(() => handle.close());

  it('opens the right engine and maps camelCase to snake_case columns', async () => {
    assert.equal(handle.dialect, ctx.dialect);
    await handle.db.insertInto('photo').values({ id: 'p1', ownerId: 'u1', title: 'Beach' }).execute();
    const row = await handle.db.selectFrom('photo').selectAll().where('ownerId', '=', 'u1').executeTakeFirstOrThrow();
    assert.deepEqual(row, { id: 'p1', ownerId: 'u1', title: 'Beach' });
  });

  it('is idempotent: running the migrations again changes nothing', async () => {
    await migrateToLatest(handle.db, migrations);
    const { count } = await handle.db.selectFrom('photo').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    assert.equal(Number(count), 1);
  });

  it('recognises a unique violation, by constraint where the engine names it', async () => {
    const err = await handle.db.insertInto('photo').values({ id: 'p2', ownerId: 'u1', title: 'Beach' }).execute().catch((e: unknown) => e);
    assert.ok(isUniqueViolation(err));
    if (ctx.dialect === 'postgres') assert.ok(isUniqueViolation(err, 'photo_owner_title_key'));
    assert.equal(isUniqueViolation(new Error('other')), false);
  });

  // PostgreSQL-only behaviour: registered on that engine alone rather than skipped on SQLite.
  const pgIt = ctx.dialect === 'postgres' ? it : () => undefined;

  pgIt('keeps each service in its own PostgreSQL schema', async () => {
    const { rows } = await sql<{ s: string }>`select table_schema as s from information_schema.tables where table_name = 'photo'`.execute(handle.db);
    assert.deepEqual(rows.map((r) => r.s), ['kit_test']);
  });

  pgIt('lets several services share one PostgreSQL database, each migrating its own schema', async () => {
    const other = await openDb<DB>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'kit_test_other' });
    try {
      await migrateToLatest(other.db, migrations);
      await other.db.insertInto('photo').values({ id: 'o1', ownerId: 'u1', title: 'Beach' }).execute();
      const { rows } = await sql<{ s: string }>`select table_schema as s from information_schema.tables where table_name = 'kysely_migration' order by 1`.execute(other.db);
      assert.deepEqual(rows.map((r) => r.s), ['kit_test', 'kit_test_other']);
    } finally {
      await other.close();
    }
  });

  it('names the failing migration', async () => {
    const bad = { '0002_bad': { up: async (db: Kysely<any>) => void (await sql`this is not sql`.execute(db)) } };
    await assert.rejects(migrateToLatest(handle.db, { ...migrations, ...bad }), /database migration failed \(0002_bad\)/);
  });
});
