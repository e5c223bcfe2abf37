import { sql, type Kysely, type Migration } from 'kysely';
import { INDEXED_BANDS } from '../../similarity/lookup.ts';

/**
 * One index per 16-bit band of the pHash (see similarity/lookup.ts), so a newly processed photo
 * finds its near-duplicates with a few indexed lookups instead of reading every hash the owner has.
 * Expression indexes: every write of `phash` keeps them current, nothing else to maintain.
 */
export const phashBands: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    for (let k = 0; k < INDEXED_BANDS; k++) {
      await sql`create index ${sql.id(`media_phash_band${k}_idx`)} on media (owner_id, substr(phash, ${sql.lit(4 * k + 1)}, 4)) where trashed_at is null and phash is not null`.execute(db);
    }
  },
  async down(db: Kysely<any>): Promise<void> {
    for (let k = 0; k < INDEXED_BANDS; k++) await sql`drop index ${sql.id(`media_phash_band${k}_idx`)}`.execute(db);
  },
};
