import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** Multipart uploads and their parts, access keys, per-principal "not before" times, bucket CORS. */
export const migration0002: Migration = {
  async up(db: Kysely<any>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const keyType = pg ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('upload')
      .addColumn('upload_id', 'text', (c) => c.primaryKey())
      .addColumn('bucket', sql`${keyType}`, (c) => c.notNull().references('bucket.name'))
      .addColumn('key', sql`${keyType}`, (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      // JSON: content headers and x-amz-meta-* given at CreateMultipartUpload.
      .addColumn('headers', 'text', (c) => c.notNull())
      .addColumn('checksum_algorithm', 'text')
      .addColumn('checksum_type', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('upload_bucket_key').on('upload').columns(['bucket', 'key', 'upload_id']).execute();
    await db.schema.createIndex('upload_created_at').on('upload').column('created_at').execute();
    await db.schema
      .createTable('part')
      .addColumn('upload_id', 'text', (c) => c.notNull().references('upload.upload_id').onDelete('cascade'))
      .addColumn('part_number', 'integer', (c) => c.notNull())
      .addColumn('blob_id', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('checksums', 'text', (c) => c.notNull())
      .addColumn('last_modified', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('part_pkey', ['upload_id', 'part_number'])
      .execute();
    await db.schema.createIndex('part_blob_id').on('part').column('blob_id').execute();
    await db.schema
      .createTable('access_key')
      .addColumn('access_key_id', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      // AES-256-GCM sealed secret (base64url iv|ciphertext|tag), key derived from the server secret.
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('principal_not_before')
      .addColumn('principal', 'text', (c) => c.primaryKey())
      .addColumn('not_before', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('bucket_cors')
      .addColumn('bucket', sql`${keyType}`, (c) => c.primaryKey().references('bucket.name').onDelete('cascade'))
      .addColumn('rules', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['bucket_cors', 'principal_not_before', 'access_key', 'part', 'upload']) await db.schema.dropTable(t).execute();
  },
};
