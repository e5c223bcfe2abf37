import type { Kysely, Migration } from 'kysely';

/** Seed 002's bucket catalog: the storage buckets administrators created through PhotoCloud. */
export const buckets: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('bucket')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('bucket').execute();
  },
};
