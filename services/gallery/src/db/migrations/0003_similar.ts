import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Similar photos: groups proposed by detection (seed 002 SimilarGroup / SimilarMedia), one row per
 * detection run for progress, and one row per owner that serialises group writes for that owner.
 * Dismissed and resolved groups stay, so the same set is never proposed again.
 */
export const similar: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('similar_group')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('suggested_media_id', 'text', (c) => c.references('media.id').onDelete('set null'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('similar_group_owner_idx').on('similar_group').columns(['owner_id', 'status', 'created_at', 'id']).execute();

    await db.schema
      .createTable('similar_media')
      .addColumn('group_id', 'text', (c) => c.notNull().references('similar_group.id').onDelete('cascade'))
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('distance', 'integer', (c) => c.notNull())
      .addColumn('similarity_score', 'double precision', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('similar_media_pkey', ['group_id', 'media_id'])
      .execute();
    await db.schema.createIndex('similar_media_media_idx').on('similar_media').column('media_id').execute();

    await db.schema
      .createTable('similar_run')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('photos', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('hashed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unhashable', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('groups', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('grouped_media', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('similar_run_owner_idx').on('similar_run').columns(['owner_id', 'created_at']).execute();

    await db.schema
      .createTable('similar_owner')
      .addColumn('owner_id', 'text', (c) => c.primaryKey())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // Detection pages through an owner's hashed photos by id.
    await db.schema
      .createIndex('media_phash_idx')
      .on('media')
      .columns(['owner_id', 'id'])
      .where(sql.ref('trashed_at'), 'is', null)
      .execute();
  },
};
