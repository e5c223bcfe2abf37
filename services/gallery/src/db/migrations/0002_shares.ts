import type { Kysely, Migration } from 'kysely';

/**
 * Share links: the share (token and access code stored only as hashes), the media of a media share
 * (an album share follows the album live), named recipients, and unlocked viewer sessions.
 */
export const shares: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('share')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('token_id', 'text', (c) => c.notNull().unique())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('album_id', 'text', (c) => c.references('album.id').onDelete('cascade'))
      .addColumn('label', 'text')
      .addColumn('code_hash', 'text')
      .addColumn('allow_download', 'integer', (c) => c.notNull())
      .addColumn('keep_location', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_accessed_at', 'text')
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('share_owner_idx').on('share').columns(['owner_id', 'created_at']).execute();

    await db.schema
      .createTable('share_media')
      .addColumn('share_id', 'text', (c) => c.notNull().references('share.id').onDelete('cascade'))
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('share_media_pkey', ['share_id', 'media_id'])
      .execute();

    await db.schema
      .createTable('share_recipient')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('share_id', 'text', (c) => c.notNull().references('share.id').onDelete('cascade'))
      .addColumn('name', 'text')
      .addColumn('user_id', 'text')
      .addColumn('email', 'text')
      .execute();
    await db.schema.createIndex('share_recipient_user_idx').on('share_recipient').column('user_id').execute();
    await db.schema.createIndex('share_recipient_share_idx').on('share_recipient').column('share_id').execute();

    await db.schema
      .createTable('share_session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('share_id', 'text', (c) => c.notNull().references('share.id').onDelete('cascade'))
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('share_session_share_idx').on('share_session').column('share_id').execute();
  },
};
