import type { Kysely, Selectable } from 'kysely';
import type { AuthDb, OneTimePurpose, OneTimeTokenTable } from '../db/schema.ts';

export type OneTimeTokenRow = Selectable<OneTimeTokenTable>;

export class OneTimeTokenStore {
  constructor(private readonly db: Kysely<AuthDb>) {}

  async create(row: OneTimeTokenRow, db: Kysely<AuthDb> = this.db): Promise<void> {
    await db.insertInto('oneTimeToken').values(row).execute();
  }

  /**
   * Marks the token used if it is this purpose, this secret, unused and unexpired — in ONE statement,
   * so of two concurrent uses exactly one gets the row back.
   */
  async consume(id: string, purpose: OneTimePurpose, secretHash: string, now: string, db: Kysely<AuthDb> = this.db): Promise<OneTimeTokenRow | undefined> {
    return db
      .updateTable('oneTimeToken')
      .set({ usedAt: now })
      .where('id', '=', id)
      .where('purpose', '=', purpose)
      .where('secretHash', '=', secretHash)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', now)
      .returningAll()
      .executeTakeFirst();
  }

  async getById(id: string, db: Kysely<AuthDb> = this.db): Promise<OneTimeTokenRow | undefined> {
    return db.selectFrom('oneTimeToken').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The newest unused token of this purpose for an address (resending a pending registration). */
  async latestUnused(email: string, purpose: OneTimePurpose, db: Kysely<AuthDb> = this.db): Promise<OneTimeTokenRow | undefined> {
    return db
      .selectFrom('oneTimeToken')
      .selectAll()
      .where('email', '=', email)
      .where('purpose', '=', purpose)
      .where('usedAt', 'is', null)
      .orderBy('createdAt', 'desc')
      .executeTakeFirst();
  }

  /** Makes the account's other unused tokens of this purpose useless (a new reset link replaces older ones). */
  async invalidateOthers(email: string, purpose: OneTimePurpose, now: string, db: Kysely<AuthDb> = this.db): Promise<void> {
    await db.updateTable('oneTimeToken').set({ usedAt: now }).where('email', '=', email).where('purpose', '=', purpose).where('usedAt', 'is', null).execute();
  }

  async deleteExpired(before: string, db: Kysely<AuthDb> = this.db): Promise<number> {
    const r = await db.deleteFrom('oneTimeToken').where('expiresAt', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
