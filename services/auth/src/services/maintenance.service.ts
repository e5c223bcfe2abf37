import type { Kysely } from 'kysely';
import type { Clock } from '@photocloud/kit';
import type { AuthDb } from '../db/schema.ts';

const DAY_MS = 86_400_000;

/** Removes rows nobody can use any more, so the tables stay small. Safe to run on every instance. */
export class MaintenanceService {
  constructor(
    private readonly db: Kysely<AuthDb>,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<{ tokens: number; sessions: number; counters: number; ceremonies: number }> {
    const now = this.clock.now().getTime();
    // Keep used/expired links a day, so a late click still gets "expired" or "used" rather than "invalid".
    const dayAgo = new Date(now - DAY_MS).toISOString();
    const tokens = await this.db.deleteFrom('oneTimeToken').where('expiresAt', '<', dayAgo).executeTakeFirst();
    const sessions = await this.db
      .deleteFrom('session')
      .where((eb) => eb.or([eb('expiresAt', '<', dayAgo), eb('revokedAt', '<', dayAgo)]))
      .executeTakeFirst();
    const counters = await this.db
      .deleteFrom('rateLimit')
      .where('windowStart', '<', dayAgo)
      .where((eb) => eb.or([eb('blockedUntil', 'is', null), eb('blockedUntil', '<', new Date(now).toISOString())]))
      .executeTakeFirst();
    // Passkey challenges and OpenID Connect states live minutes; once expired they only take room.
    const nowIso = new Date(now).toISOString();
    const challenges = await this.db.deleteFrom('webauthnChallenge').where('expiresAt', '<', nowIso).executeTakeFirst();
    const logins = await this.db.deleteFrom('oidcLogin').where('expiresAt', '<', nowIso).executeTakeFirst();
    return {
      tokens: Number(tokens.numDeletedRows),
      sessions: Number(sessions.numDeletedRows),
      counters: Number(counters.numDeletedRows),
      ceremonies: Number(challenges.numDeletedRows) + Number(logins.numDeletedRows),
    };
  }
}
