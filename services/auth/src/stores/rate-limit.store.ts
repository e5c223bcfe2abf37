import { sql, type Kysely } from 'kysely';
import type { AuthDb } from '../db/schema.ts';

export interface Counter {
  count: number;
  windowStart: string;
  blockedUntil: string | null;
}

/** Fixed-window counters in the auth database, so every instance on one PostgreSQL shares them. */
export class RateLimitStore {
  constructor(private readonly db: Kysely<AuthDb>) {}

  /** Adds one to `key` in one upsert; a window older than `windowStart` starts again at 1. */
  async hit(key: string, now: string, windowStart: string): Promise<Counter> {
    const row = await this.db
      .insertInto('rateLimit')
      .values({ key, count: 1, windowStart: now, blockedUntil: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql<number>`case when rate_limit.window_start <= ${windowStart} then 1 else rate_limit.count + 1 end`,
          windowStart: sql<string>`case when rate_limit.window_start <= ${windowStart} then ${now} else rate_limit.window_start end`,
        }),
      )
      .returning(['count', 'windowStart', 'blockedUntil'])
      .executeTakeFirstOrThrow();
    return { ...row, count: Number(row.count) };
  }

  async get(key: string): Promise<Counter | undefined> {
    const row = await this.db.selectFrom('rateLimit').select(['count', 'windowStart', 'blockedUntil']).where('key', '=', key).executeTakeFirst();
    return row && { ...row, count: Number(row.count) };
  }

  async block(key: string, until: string): Promise<void> {
    await this.db.updateTable('rateLimit').set({ blockedUntil: until }).where('key', '=', key).execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('rateLimit').where('key', '=', key).execute();
  }
}
