import type { Kysely, Migration } from 'kysely';

/** Issue 5: passkeys, their ceremony challenges, OpenID Connect logins in flight, and the provider's id_token per session. */
export const migration0002: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('passkey')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('transports', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('device_type', 'text', (c) => c.notNull())
      .addColumn('backed_up', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('passkey_user_idx').on('passkey').column('user_id').execute();

    // Keyed by the challenge itself: the client's signed clientDataJSON names it, and one DELETE … RETURNING spends it.
    await db.schema
      .createTable('webauthn_challenge')
      .addColumn('challenge', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('user.id').onDelete('cascade'))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webauthn_challenge_expires_idx').on('webauthn_challenge').column('expires_at').execute();

    await db.schema
      .createTable('oidc_login')
      .addColumn('state', 'text', (c) => c.primaryKey())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text')
      .addColumn('link_user_id', 'text', (c) => c.references('user.id').onDelete('cascade'))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_login_expires_idx').on('oidc_login').column('expires_at').execute();

    // FranceConnect's logout needs the id_token of the sign-in (id_token_hint).
    await db.schema.alterTable('session').addColumn('provider_id_token', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('session').dropColumn('provider_id_token').execute();
    for (const t of ['oidc_login', 'webauthn_challenge', 'passkey']) await db.schema.dropTable(t).execute();
  },
};
