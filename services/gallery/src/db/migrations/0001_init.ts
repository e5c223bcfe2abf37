import { sql, type Kysely, type Migration } from 'kysely';
import { createJobTable } from '@photocloud/kit/jobs/table';

/**
 * Media, albums, direct uploads and the job queue. Shares (`share`, `share_media`, `share_recipient`)
 * and similar groups (`similar_group`, `similar_media`) come in their own migrations and reference
 * `media.id` / `album.id`.
 */
export const init: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('media')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('original_name', 'text', (c) => c.notNull())
      .addColumn('object_key', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('taken_at', 'text', (c) => c.notNull())
      .addColumn('taken_at_offset', 'text')
      .addColumn('taken_at_source', 'text', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('orientation', 'integer')
      .addColumn('duration_ms', 'integer')
      .addColumn('latitude', 'double precision')
      .addColumn('longitude', 'double precision')
      .addColumn('exif', 'text')
      .addColumn('thumbhash', 'text')
      .addColumn('phash', 'text')
      .addColumn('has_thumbnail', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('has_preview', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_favorite', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('description', 'text')
      .addColumn('trashed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // Exact duplicates: one media per user per SHA-256.
      .addUniqueConstraint('media_owner_sha256_key', ['owner_id', 'sha256'])
      .execute();
    // The timeline's keyset order; partial so trashed media cost nothing.
    await db.schema
      .createIndex('media_timeline_idx')
      .on('media')
      .columns(['owner_id', 'taken_at desc', 'id desc'])
      .where(sql.ref('trashed_at'), 'is', null)
      .execute();
    await db.schema.createIndex('media_trash_idx').on('media').columns(['owner_id', 'trashed_at']).where(sql.ref('trashed_at'), 'is not', null).execute();

    await db.schema
      .createTable('album')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('cover_media_id', 'text', (c) => c.references('media.id').onDelete('set null'))
      .addColumn('index_etag', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('album_owner_idx').on('album').columns(['owner_id', 'created_at']).execute();

    await db.schema
      .createTable('album_media')
      .addColumn('album_id', 'text', (c) => c.notNull().references('album.id').onDelete('cascade'))
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('album_media_pkey', ['album_id', 'media_id'])
      .execute();
    await db.schema.createIndex('album_media_media_idx').on('album_media').column('media_id').execute();

    await db.schema
      .createTable('upload')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('media_id', 'text', (c) => c.notNull())
      .addColumn('object_key', 'text', (c) => c.notNull())
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('upload_owner_idx').on('upload').columns(['owner_id', 'status']).execute();

    await createJobTable(db);
  },
};
