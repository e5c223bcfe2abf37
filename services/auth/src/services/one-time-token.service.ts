import type { Kysely } from 'kysely';
import { AppError, type Clock } from '@photocloud/kit';
import { createOpaqueToken, hashTokenSecret, parseOpaqueToken, verifyTokenSecret } from '@photocloud/kit/tokens';
import type { AuthDb, OneTimePurpose } from '../db/schema.ts';
import type { OneTimeTokenRow, OneTimeTokenStore } from '../stores/one-time-token.store.ts';

/** Lifetimes from the issue: magic link 10 min, reset 30 min, verification 24 h. */
export const ONE_TIME_TTL_SEC: Record<OneTimePurpose, number> = {
  magic_link: 10 * 60,
  password_reset: 30 * 60,
  email_verify: 24 * 3600,
};

/** Emailed single-use tokens: 256-bit secrets, stored hashed, consumed by one atomic UPDATE. */
export class OneTimeTokenService {
  constructor(
    private readonly store: OneTimeTokenStore,
    private readonly clock: Clock,
  ) {}

  async issue(purpose: OneTimePurpose, email: string, userId: string | null, payload: unknown = null, db?: Kysely<AuthDb>): Promise<string> {
    const now = this.clock.now();
    const t = createOpaqueToken();
    await this.store.create(
      {
        id: t.id,
        secretHash: t.secretHash,
        purpose,
        userId,
        email,
        payload: payload === null ? null : JSON.stringify(payload),
        expiresAt: new Date(now.getTime() + ONE_TIME_TTL_SEC[purpose] * 1000).toISOString(),
        usedAt: null,
        createdAt: now.toISOString(),
      },
      db,
    );
    return t.value;
  }

  /** Reads a token without using it (to check a new password before the reset link is spent). */
  async peek(purpose: OneTimePurpose, value: string): Promise<OneTimeTokenRow> {
    const parsed = parseOpaqueToken(value);
    const row = parsed && (await this.store.getById(parsed.id));
    if (!parsed || !row || row.purpose !== purpose || !verifyTokenSecret(parsed.secret, row.secretHash)) throw new AppError('TOKEN_INVALID');
    this.explain(row);
    return row;
  }

  /** Uses the token once; of concurrent uses exactly one succeeds, the others get TOKEN_USED. */
  async consume(purpose: OneTimePurpose, value: string): Promise<OneTimeTokenRow> {
    const parsed = parseOpaqueToken(value);
    if (!parsed) throw new AppError('TOKEN_INVALID');
    const row = await this.store.consume(parsed.id, purpose, hashTokenSecret(parsed.secret), this.clock.now().toISOString());
    if (row) return row;
    const existing = await this.store.getById(parsed.id);
    if (!existing || existing.purpose !== purpose || !verifyTokenSecret(parsed.secret, existing.secretHash)) throw new AppError('TOKEN_INVALID');
    this.explain(existing);
    throw new AppError('TOKEN_INVALID');
  }

  async latestUnused(email: string, purpose: OneTimePurpose): Promise<OneTimeTokenRow | undefined> {
    return this.store.latestUnused(email, purpose);
  }

  async invalidateOthers(email: string, purpose: OneTimePurpose): Promise<void> {
    await this.store.invalidateOthers(email, purpose, this.clock.now().toISOString());
  }

  private explain(row: OneTimeTokenRow): void {
    if (row.usedAt) throw new AppError('TOKEN_USED');
    if (row.expiresAt <= this.clock.now().toISOString()) throw new AppError('TOKEN_EXPIRED');
  }
}
