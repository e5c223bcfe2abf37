import { sql, type Kysely, type Migration } from 'kysely';

/** Roles: every existing account is a user; administrators are named by `photocloud admin promote` or ADMIN_EMAILS. */
export const migration0003: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('user').addColumn('role', 'text', (c) => c.notNull().defaultTo(sql.lit('user'))).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('user').dropColumn('role').execute();
  },
};
