import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

export const migration0001: Migration = {
  async up(db: Kysely<any>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    // S3 lists keys in UTF-8 byte order: SQLite's BINARY collation compares UTF-8 bytes, PostgreSQL needs "C".
    const keyType = pg ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('bucket')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('object')
      .addColumn('bucket', sql`${keyType}`, (c) => c.notNull().references('bucket.name'))
      .addColumn('key', sql`${keyType}`, (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('checksums', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text')
      .addColumn('cache_control', 'text')
      .addColumn('content_disposition', 'text')
      .addColumn('content_encoding', 'text')
      .addColumn('content_language', 'text')
      .addColumn('expires', 'text')
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('last_modified', 'text', (c) => c.notNull())
      .addColumn('blob_id', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('object_pkey', ['bucket', 'key'])
      .execute();
    await db.schema
      .createTable('write_intent')
      .addColumn('blob_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('write_intent').execute();
    await db.schema.dropTable('object').execute();
    await db.schema.dropTable('bucket').execute();
  },
};
