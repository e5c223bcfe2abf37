import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Favorites are few (often 1 in 50): filtering them along the timeline index scans many rows.
 * This partial index holds only them, in timeline order; queries name `is_favorite = 1` literally
 * so SQLite can prove the index applies.
 */
export const favoritesIndex: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createIndex('media_favorites_idx')
      .on('media')
      .columns(['owner_id', 'taken_at desc', 'id desc'])
      .where(sql.ref('trashed_at'), 'is', null)
      .where(sql.ref('is_favorite'), '=', sql.lit(1))
      .execute();
  },
};
