import type { Kysely, Selectable } from 'kysely';
import type { AuthDb, RefreshTokenTable, SessionTable } from '../db/schema.ts';

export type SessionRow = Selectable<SessionTable>;
export type RefreshTokenRow = Selectable<RefreshTokenTable>;

/** Sessions (refresh-token families) and their refresh tokens. */
export class SessionStore {
  constructor(private readonly db: Kysely<AuthDb>) {}

  async create(session: SessionRow, token: RefreshTokenRow, db: Kysely<AuthDb> = this.db): Promise<void> {
    await db.insertInto('session').values(session).execute();
    await db.insertInto('refreshToken').values(token).execute();
  }

  async getById(id: string, db: Kysely<AuthDb> = this.db): Promise<SessionRow | undefined> {
    return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The user's sessions that have neither ended nor expired, most recently used first. */
  async listActiveForUser(userId: string, now: string, db: Kysely<AuthDb> = this.db): Promise<SessionRow[]> {
    return db
      .selectFrom('session')
      .selectAll()
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now)
      .orderBy('lastUsedAt', 'desc')
      .orderBy('id')
      .execute();
  }

  async getToken(id: string, db: Kysely<AuthDb> = this.db): Promise<RefreshTokenRow | undefined> {
    return db.selectFrom('refreshToken').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Marks a refresh token used in one statement; false when it already was (a reuse). */
  async markTokenUsed(id: string, now: string, db: Kysely<AuthDb> = this.db): Promise<boolean> {
    const row = await db.updateTable('refreshToken').set({ usedAt: now }).where('id', '=', id).where('usedAt', 'is', null).returning('id').executeTakeFirst();
    return row !== undefined;
  }

  async addToken(token: RefreshTokenRow, db: Kysely<AuthDb> = this.db): Promise<void> {
    await db.insertInto('refreshToken').values(token).execute();
  }

  async touch(id: string, now: string, expiresAt: string, db: Kysely<AuthDb> = this.db): Promise<void> {
    await db.updateTable('session').set({ lastUsedAt: now, expiresAt }).where('id', '=', id).execute();
  }

  async revoke(id: string, reason: string, now: string, db: Kysely<AuthDb> = this.db): Promise<void> {
    await db.updateTable('session').set({ revokedAt: now, revokedReason: reason }).where('id', '=', id).where('revokedAt', 'is', null).execute();
  }

  /** Revokes every live session of a user, except `keep` when given; returns how many. */
  async revokeAllForUser(userId: string, reason: string, now: string, keep?: string, db: Kysely<AuthDb> = this.db): Promise<number> {
    let q = db.updateTable('session').set({ revokedAt: now, revokedReason: reason }).where('userId', '=', userId).where('revokedAt', 'is', null);
    if (keep) q = q.where('id', '!=', keep);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
