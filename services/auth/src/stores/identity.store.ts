import type { Kysely, Selectable } from 'kysely';
import { AppError, isUniqueViolation } from '@photocloud/kit';
import type { AuthDb, IdentityTable, OidcLoginTable } from '../db/schema.ts';

export type IdentityRow = Selectable<IdentityTable>;
export type OidcLoginRow = Selectable<OidcLoginTable>;

/** Provider identities (provider + subject → user) and OpenID Connect logins in flight. */
export class IdentityStore {
  constructor(private readonly db: Kysely<AuthDb>) {}

  async get(provider: string, subject: string, db: Kysely<AuthDb> = this.db): Promise<IdentityRow | undefined> {
    return db.selectFrom('identity').selectAll().where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
  }

  async listByUser(userId: string, db: Kysely<AuthDb> = this.db): Promise<IdentityRow[]> {
    return db.selectFrom('identity').selectAll().where('userId', '=', userId).orderBy('createdAt').execute();
  }

  /** A subject already linked (to anyone) answers IDENTITY_IN_USE. */
  async create(row: IdentityRow, db: Kysely<AuthDb> = this.db): Promise<void> {
    try {
      await db.insertInto('identity').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('IDENTITY_IN_USE', { cause: err });
      throw err;
    }
  }

  async update(provider: string, subject: string, patch: { email: string | null; emailVerified: number }, db: Kysely<AuthDb> = this.db): Promise<void> {
    await db.updateTable('identity').set(patch).where('provider', '=', provider).where('subject', '=', subject).execute();
  }

  async deleteForUser(userId: string, provider: string, db: Kysely<AuthDb> = this.db): Promise<number> {
    const r = await db.deleteFrom('identity').where('userId', '=', userId).where('provider', '=', provider).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Identities whose email the provider did not vouch for (dropped when someone proves the account's email). */
  async deleteUnverifiedForUser(userId: string, db: Kysely<AuthDb> = this.db): Promise<number> {
    const r = await db.deleteFrom('identity').where('userId', '=', userId).where('emailVerified', '=', 0).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async createLogin(row: OidcLoginRow): Promise<void> {
    await this.db.insertInto('oidcLogin').values(row).execute();
  }

  /** Spends a state in one DELETE … RETURNING; an expired one is spent but not returned. */
  async consumeLogin(state: string, provider: string, now: string): Promise<OidcLoginRow | undefined> {
    const row = await this.db.deleteFrom('oidcLogin').where('state', '=', state).where('provider', '=', provider).returningAll().executeTakeFirst();
    return row && row.expiresAt > now ? row : undefined;
  }
}
