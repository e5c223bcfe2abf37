import type { Kysely, Selectable } from 'kysely';
import type { AuthDb, SigningKeyTable } from '../db/schema.ts';

export type SigningKeyRow = Selectable<SigningKeyTable>;

export class SigningKeyStore {
  constructor(private readonly db: Kysely<AuthDb>) {}

  async create(row: SigningKeyRow): Promise<void> {
    await this.db.insertInto('signingKey').values(row).execute();
  }

  /** The newest key still allowed to sign at `now`. */
  async current(now: string): Promise<SigningKeyRow | undefined> {
    return this.db.selectFrom('signingKey').selectAll().where('rotateAt', '>', now).orderBy('createdAt', 'desc').orderBy('kid').executeTakeFirst();
  }

  /** Keys whose tokens may still be unexpired: the JWKS. */
  async published(now: string): Promise<SigningKeyRow[]> {
    return this.db.selectFrom('signingKey').selectAll().where('expiresAt', '>', now).orderBy('createdAt', 'desc').execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('signingKey').where('expiresAt', '<=', now).execute();
  }
}
