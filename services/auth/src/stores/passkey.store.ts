import type { Kysely, Selectable } from 'kysely';
import { AppError, isUniqueViolation } from '@photocloud/kit';
import type { AuthDb, ChallengePurpose, PasskeyTable, WebauthnChallengeTable } from '../db/schema.ts';

export type PasskeyRow = Selectable<PasskeyTable>;
export type ChallengeRow = Selectable<WebauthnChallengeTable>;

/** Passkeys and the WebAuthn challenges of ceremonies in flight. */
export class PasskeyStore {
  constructor(private readonly db: Kysely<AuthDb>) {}

  async create(row: PasskeyRow): Promise<void> {
    try {
      await this.db.insertInto('passkey').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', { message: 'This passkey is already registered.', cause: err });
      throw err;
    }
  }

  async getById(id: string): Promise<PasskeyRow | undefined> {
    return this.db.selectFrom('passkey').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listByUser(userId: string): Promise<PasskeyRow[]> {
    return this.db.selectFrom('passkey').selectAll().where('userId', '=', userId).orderBy('createdAt').execute();
  }

  async countByUser(userId: string): Promise<number> {
    const r = await this.db.selectFrom('passkey').select((eb) => eb.fn.countAll<number | string>().as('n')).where('userId', '=', userId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Moves the counter only from the value the assertion was checked against: of two concurrent uses one wins. */
  async advanceCounter(id: string, from: number, to: number, now: string): Promise<boolean> {
    const r = await this.db.updateTable('passkey').set({ counter: to, lastUsedAt: now }).where('id', '=', id).where('counter', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async rename(id: string, userId: string, name: string): Promise<PasskeyRow | undefined> {
    return this.db.updateTable('passkey').set({ name }).where('id', '=', id).where('userId', '=', userId).returningAll().executeTakeFirst();
  }

  async delete(id: string, userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('passkey').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async createChallenge(row: ChallengeRow): Promise<void> {
    await this.db.insertInto('webauthnChallenge').values(row).execute();
  }

  /** Spends a challenge in one DELETE … RETURNING; expired ones are spent too but not returned. */
  async consumeChallenge(challenge: string, purpose: ChallengePurpose, now: string): Promise<ChallengeRow | undefined> {
    const row = await this.db.deleteFrom('webauthnChallenge').where('challenge', '=', challenge).where('purpose', '=', purpose).returningAll().executeTakeFirst();
    return row && row.expiresAt > now ? row : undefined;
  }
}
