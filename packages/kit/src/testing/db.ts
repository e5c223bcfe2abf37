import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { Dialect } from '../db/connect.ts';

/** Where tests find PostgreSQL; the server must allow CREATE DATABASE. */
export const PG_TEST_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface DialectContext {
  dialect: Dialect;
  /** A fresh, empty database for this suite: a SQLite path or a PostgreSQL URL. */
  url: string | undefined;
  sqlitePath: string;
  /** A scratch directory removed after the suite. */
  dir: string;
}

let pgReachable: Promise<boolean> | undefined;

async function canReachPg(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs `fn` once on SQLite and once on PostgreSQL, each with a fresh database.
 * PostgreSQL is required in CI; elsewhere its suite is skipped with a reason when no server answers.
 */
export function forEachDialect(name: string, fn: (ctx: DialectContext) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, { skip: dialect === 'postgres' && skipPg() }, () => {
      const ctx = { dialect } as DialectContext;
      let dbName = '';
      before(async () => {
        ctx.dir = mkdtempSync(join(tmpdir(), 'pc-test-'));
        ctx.sqlitePath = join(ctx.dir, 'test.db');
        if (dialect === 'postgres') {
          dbName = `pc_test_${randomBytes(6).toString('hex')}`;
          await adminQuery(`CREATE DATABASE ${dbName}`);
          const u = new URL(PG_TEST_URL);
          u.pathname = `/${dbName}`;
          ctx.url = u.toString();
        }
      });
      fn(ctx);
      // Registered after the suite's own hooks so that it runs last, once connections are closed.
      after(async () => {
        rmSync(ctx.dir, { recursive: true, force: true });
        if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      });
    });
  }
}

function skipPg(): string | false {
  if (process.env.PC_SKIP_PG === '1') return 'PC_SKIP_PG=1';
  return false;
}

async function adminQuery(sql: string): Promise<void> {
  pgReachable ??= canReachPg();
  if (!(await pgReachable)) throw new Error(`PostgreSQL is not reachable at ${PG_TEST_URL} (set PG_TEST_URL, or PC_SKIP_PG=1 to skip)`);
  const client = new pg.Client({ connectionString: PG_TEST_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
