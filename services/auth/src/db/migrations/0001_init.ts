import type { Kysely, Migration } from 'kysely';

export const migration0001: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('user')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('email_verified_at', 'text')
      .addColumn('username', 'text')
      .addColumn('password_hash', 'text')
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text')
      .addColumn('phone_number', 'text')
      .addColumn('birth_date', 'text')
      .addColumn('google_id', 'text')
      .addColumn('locale', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Emails are stored normalised (lowercase NFKC), so a plain unique index is case-insensitive.
    await db.schema.createIndex('user_email_key').on('user').column('email').unique().execute();
    await db.schema.createIndex('user_username_key').on('user').column('username').unique().execute();
    await db.schema.createIndex('user_google_id_key').on('user').column('google_id').unique().execute();

    await db.schema
      .createTable('identity')
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('email', 'text')
      .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_pkey', ['provider', 'subject'])
      .execute();
    await db.schema.createIndex('identity_user_idx').on('identity').column('user_id').execute();

    await db.schema
      .createTable('one_time_token')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('user.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('payload', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('one_time_token_expires_idx').on('one_time_token').column('expires_at').execute();
    await db.schema.createIndex('one_time_token_email_idx').on('one_time_token').columns(['email', 'purpose']).execute();

    await db.schema
      .createTable('session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_reason', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

    await db.schema
      .createTable('refresh_token')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('session.id').onDelete('cascade'))
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('refresh_token_session_idx').on('refresh_token').column('session_id').execute();

    await db.schema
      .createTable('signing_key')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('private_jwk_enc', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rotate_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('rate_limit')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('blocked_until', 'text')
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['rate_limit', 'signing_key', 'refresh_token', 'session', 'one_time_token', 'identity', 'user']) {
      await db.schema.dropTable(t).execute();
    }
  },
};

export const migrations = { '0001_init': migration0001 };
