import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, type Clock } from '@photocloud/kit';
import { createOpaqueToken, parseOpaqueToken, verifyTokenSecret } from '@photocloud/kit/tokens';
import type { AuthDb } from '../db/schema.ts';
import type { SessionRow, SessionStore } from '../stores/session.store.ts';
import type { KeyService } from './key.service.ts';

export interface ClientMeta {
  ip: string;
  userAgent?: string | undefined;
  /** The provider's id_token when the sign-in came through OpenID Connect (kept for its logout). */
  providerIdToken?: string | undefined;
}

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  expiresIn: number;
  /** Opaque `id.secret`, rotated on every refresh. */
  refreshToken: string;
}

/**
 * Sign-in sessions: a session is one refresh-token family. Refreshing rotates the token; presenting
 * an already-rotated token again means it was copied, so the whole family is revoked.
 */
export class SessionService {
  constructor(
    private readonly db: Kysely<AuthDb>,
    private readonly store: SessionStore,
    private readonly keys: KeyService,
    private readonly opts: { refreshTokenTtl: number },
    private readonly clock: Clock,
  ) {}

  async start(userId: string, method: string, meta: ClientMeta, db: Kysely<AuthDb> = this.db): Promise<IssuedSession> {
    const now = this.clock.now();
    const refresh = createOpaqueToken();
    const session: SessionRow = {
      id: randomUUID(),
      userId,
      method,
      createdAt: now.toISOString(),
      lastUsedAt: now.toISOString(),
      expiresAt: this.expiry(now),
      revokedAt: null,
      revokedReason: null,
      userAgent: meta.userAgent?.slice(0, 256) ?? null,
      ip: meta.ip,
      providerIdToken: meta.providerIdToken ?? null,
    };
    await this.store.create(session, { id: refresh.id, sessionId: session.id, secretHash: refresh.secretHash, createdAt: session.createdAt, usedAt: null }, db);
    const access = await this.keys.signAccessToken(userId, session.id);
    return { sessionId: session.id, accessToken: access.token, expiresIn: access.expiresIn, refreshToken: refresh.value };
  }

  async refresh(value: string | undefined): Promise<IssuedSession & { userId: string }> {
    const { session, tokenId } = await this.resolve(value);
    const now = this.clock.now();
    if (!(await this.store.markTokenUsed(tokenId, now.toISOString()))) {
      await this.store.revoke(session.id, 'refresh_token_reused', now.toISOString());
      throw new AppError('REFRESH_TOKEN_REUSED');
    }
    const next = createOpaqueToken();
    await this.db.transaction().execute(async (trx) => {
      await this.store.addToken({ id: next.id, sessionId: session.id, secretHash: next.secretHash, createdAt: now.toISOString(), usedAt: null }, trx);
      await this.store.touch(session.id, now.toISOString(), this.expiry(now), trx);
    });
    const access = await this.keys.signAccessToken(session.userId, session.id);
    return { userId: session.userId, sessionId: session.id, accessToken: access.token, expiresIn: access.expiresIn, refreshToken: next.value };
  }

  /** Logout: ends the session the refresh token belongs to; an unknown token is not an error. */
  async endByRefreshToken(value: string | undefined): Promise<void> {
    const { session } = await this.resolve(value).catch(() => ({ session: undefined }));
    if (session) await this.store.revoke(session.id, 'logout', this.clock.now().toISOString());
  }

  async end(sessionId: string, userId: string, reason = 'logout'): Promise<void> {
    const s = await this.store.getById(sessionId);
    if (s && s.userId === userId) await this.store.revoke(s.id, reason, this.clock.now().toISOString());
  }

  async endAllForUser(userId: string, reason: string, keep?: string): Promise<number> {
    return this.store.revokeAllForUser(userId, reason, this.clock.now().toISOString(), keep);
  }

  /** Access tokens are stateless; routes of this service also check that the session still stands. */
  async assertActive(sessionId: string, userId: string): Promise<void> {
    const s = await this.store.getById(sessionId);
    if (!s || s.userId !== userId || s.revokedAt || s.expiresAt <= this.clock.now().toISOString()) {
      throw new AppError('SESSION_EXPIRED', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    }
  }

  private async resolve(value: string | undefined): Promise<{ session: SessionRow; tokenId: string }> {
    const parsed = parseOpaqueToken(value);
    const row = parsed && (await this.store.getToken(parsed.id));
    if (!parsed || !row || !verifyTokenSecret(parsed.secret, row.secretHash)) throw new AppError('REFRESH_TOKEN_INVALID');
    const session = await this.store.getById(row.sessionId);
    if (!session || session.revokedAt) throw new AppError('REFRESH_TOKEN_INVALID');
    if (session.expiresAt <= this.clock.now().toISOString()) throw new AppError('SESSION_EXPIRED');
    return { session, tokenId: row.id };
  }

  private expiry(now: Date): string {
    return new Date(now.getTime() + this.opts.refreshTokenTtl * 1000).toISOString();
  }
}
