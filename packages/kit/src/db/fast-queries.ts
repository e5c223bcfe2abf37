import type SQLite from 'better-sqlite3';
import { CamelCasePlugin, type CompiledQuery, type Kysely } from 'kysely';

const handles = new WeakMap<Kysely<any>, SQLite.Database>();

/** Remembers the better-sqlite3 handle behind a Kysely instance (done by `openDb`). */
export function registerSqliteHandle(db: Kysely<any>, sqlite: SQLite.Database): void {
  handles.set(db, sqlite);
}

/** Runs compiled queries; inside `FastQueries.transaction` they belong to that transaction. */
export interface QueryExecutor {
  all<R>(query: CompiledQuery<R>, parameters: readonly unknown[]): Promise<R[]>;
}

interface Prepared {
  stmt: SQLite.Statement;
  /** snake_case result column → camelCase property, computed once per statement. */
  names: Map<string, string> | undefined;
}

/** Exposes CamelCasePlugin's own snake→camel mapping, so results match Kysely's exactly. */
class ColumnNames extends CamelCasePlugin {
  toCamel(column: string): string {
    return this.camelCase(column);
  }
}

/**
 * Hot queries compiled once with Kysely (on a Kysely instance using CamelCasePlugin) and run
 * without its per-execution machinery (async driver, connection mutex, plugin transforms):
 * on SQLite directly on the better-sqlite3 handle with a cached prepared statement; on
 * PostgreSQL through Kysely as usual.
 *
 * Safety on SQLite: one connection is shared with Kysely, so a statement run while a Kysely
 * transaction is open would join it. `all` therefore takes the Kysely path whenever the
 * connection is inside a transaction (it then waits for Kysely's connection mutex), and
 * `transaction` holds that mutex through a real Kysely transaction while its statements run directly.
 */
export class FastQueries<DB> implements QueryExecutor {
  readonly #db: Kysely<DB>;
  readonly #sqlite: SQLite.Database | undefined;
  readonly #prepared = new WeakMap<CompiledQuery<unknown>, Prepared>();
  readonly #columns = new ColumnNames();

  constructor(db: Kysely<DB>) {
    this.#db = db;
    this.#sqlite = handles.get(db);
  }

  all<R>(query: CompiledQuery<R>, parameters: readonly unknown[]): Promise<R[]> {
    if (parameters.length !== query.parameters.length) throw new TypeError(`expected ${query.parameters.length} parameters for ${query.sql}`);
    if (this.#sqlite && !this.#sqlite.inTransaction) {
      try {
        return Promise.resolve(this.#runDirect(query, parameters));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return this.#db.executeQuery<R>({ ...query, parameters }).then((r) => r.rows);
  }

  /** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<V>(fn: (tx: QueryExecutor) => Promise<V>): Promise<V> {
    return this.#db.transaction().execute((trx) => {
      if (!this.#sqlite) return fn({ all: <R>(q: CompiledQuery<R>, p: readonly unknown[]) => trx.executeQuery<R>({ ...q, parameters: p }).then((r) => r.rows) });
      // Kysely's transaction holds the connection; its statements run directly, in that transaction.
      return fn({
        all: <R>(q: CompiledQuery<R>, p: readonly unknown[]) => {
          try {
            return Promise.resolve(this.#runDirect(q, p));
          } catch (err) {
            return Promise.reject(err as Error);
          }
        },
      });
    });
  }

  #runDirect<R>(query: CompiledQuery<R>, parameters: readonly unknown[]): R[] {
    let prepared = this.#prepared.get(query);
    if (!prepared) {
      const stmt = this.#sqlite!.prepare(query.sql);
      const names = stmt.reader ? new Map(stmt.columns().map((c) => [c.name, this.#columns.toCamel(c.name)])) : undefined;
      prepared = { stmt, names };
      this.#prepared.set(query, prepared);
    }
    if (!prepared.names) {
      prepared.stmt.run(parameters);
      return [];
    }
    const names = prepared.names;
    return (prepared.stmt.all(parameters) as Record<string, unknown>[]).map((row) => {
      const out: Record<string, unknown> = {};
      for (const key in row) out[names.get(key) ?? key] = row[key];
      return out as R;
    });
  }
}
