import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { registerSqliteHandle } from './fast-queries.ts';
import { withStatementCache } from './statement-cache.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database<DB> {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** `postgres://…` for PostgreSQL; absent: SQLite at `sqlitePath`. */
  url?: string | undefined;
  sqlitePath: string;
  /** PostgreSQL schema holding this service's tables, so services can share one database. */
  schema: string;
  poolSize?: number;
  /** Told when PostgreSQL drops an idle pooled connection. */
  onIdleError?: (err: Error) => void;
}

/** Opens the service database: embedded SQLite by default, PostgreSQL when a URL is given. */
export async function openDb<DB>(opts: OpenDbOptions): Promise<Database<DB>> {
  const plugins = [new CamelCasePlugin()];
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) {
    if (!/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new TypeError(`bad schema name ${opts.schema}`);
    // Create the schema before the pool pins search_path to it.
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } catch (err) {
      // Two services starting at once may race on CREATE SCHEMA; the schema exists either way.
      if ((err as { code?: string }).code !== '23505') throw err;
    } finally {
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      options: `-c search_path=${opts.schema}`,
    });
    // An idle connection dropped by the server (restart, failover) is replaced on next use; it must not crash the process.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (opts.sqlitePath !== ':memory:') mkdirSync(dirname(opts.sqlitePath), { recursive: true });
  const sqlite = new SQLite(opts.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: a process crash loses nothing; a power cut may drop the last commits but never corrupts.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins });
  registerSqliteHandle(db, sqlite);
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Postgres unique-violation or SQLite UNIQUE constraint failure, optionally on one constraint/column set. */
export function isUniqueViolation(err: unknown, hint?: string): boolean {
  const e = err as { code?: string; message?: string; constraint?: string };
  const unique = e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!unique || !hint) return unique;
  return (e.constraint ?? '').includes(hint) || (e.message ?? '').includes(hint);
}
