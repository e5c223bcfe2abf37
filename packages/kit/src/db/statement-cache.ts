import type { SqliteDatabase, SqliteStatement } from 'kysely';

interface CacheableStatement extends SqliteStatement {
  readonly busy?: boolean;
}

/**
 * Wraps a better-sqlite3 database so Kysely reuses prepared statements: its driver calls
 * `prepare(sql)` on every query, and preparing costs more than running a small query.
 * A statement still iterating (a streamed query) is never handed out twice.
 */
export function withStatementCache(db: SqliteDatabase & { prepare(sql: string): CacheableStatement }, max = 500): SqliteDatabase {
  const cache = new Map<string, CacheableStatement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        // Map order is insertion order: re-inserting keeps the most used statements when evicting.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}
