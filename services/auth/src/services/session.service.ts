import { randomUUID } from 'node:crypto';
import Bowser from 'bowser';
import type { Kysely } from 'kysely';
import type { ActiveSession, Role, SessionDevice } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import { createOpaqueToken, parseOpaqueToken, verifyTokenSecret } from '@photocloud/kit/tokens';
import type { AuthDb } from '../db/schema.ts';
import type { SessionRow, SessionStore } from '../stores/session.store.ts';
import type { KeyService } from './key.service.ts';
import type { RoleService } from './role.service.ts';

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
  /** The role the access token carries. */
  role: Role;
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
    private readonly roles: RoleService,
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
    const facts = await this.roles.atSignIn(userId, db);
    const access = await this.keys.signAccessToken(userId, session.id, facts);
    return { sessionId: session.id, accessToken: access.token, expiresIn: access.expiresIn, role: facts.role, refreshToken: refresh.value };
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
    // Read again at each refresh: a promotion, a demotion or a newly verified address reaches the next token.
    const facts = await this.roles.current(session.userId);
    const access = await this.keys.signAccessToken(session.userId, session.id, facts);
    return { userId: session.userId, sessionId: session.id, accessToken: access.token, expiresIn: access.expiresIn, role: facts.role, refreshToken: next.value };
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

  /** The user's signed-in devices; `currentId` is the session of the request asking. */
  async listActive(userId: string, currentId: string): Promise<ActiveSession[]> {
    const rows = await this.store.listActiveForUser(userId, this.clock.now().toISOString());
    return rows.map((s) => ({
      id: s.id,
      method: s.method,
      device: deviceOf(s.userAgent),
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      current: s.id === currentId,
    }));
  }

  /** Signs one of the user's own devices out; another user's, an ended or an unknown session is not found. */
  async revokeOwn(userId: string, sessionId: string): Promise<void> {
    const s = await this.store.getById(sessionId);
    if (!s || s.userId !== userId || s.revokedAt || s.expiresAt <= this.clock.now().toISOString()) {
      throw new AppError('NOT_FOUND', { message: 'No such session.' });
    }
    await this.store.revoke(s.id, 'signed_out_from_settings', this.clock.now().toISOString());
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

const DEVICE_TYPES = new Set(['desktop', 'mobile', 'tablet', 'tv']);

/** Browser, system and kind of device as the user agent tells them (nothing for a CLI or a script). */
export function deviceOf(userAgent: string | null): SessionDevice {
  if (!userAgent) return { browser: null, os: null, type: null };
  const { browser, os, platform } = Bowser.parse(userAgent);
  const major = browser.version?.split('.')[0];
  // Browsers froze the Windows and macOS versions in their user agents: showing one would mislead.
  const osVersion = os.name === 'Windows' || os.name === 'macOS' ? undefined : os.version;
  return {
    browser: browser.name ? [browser.name, major].filter(Boolean).join(' ') : null,
    os: os.name ? [os.name, osVersion].filter(Boolean).join(' ') : null,
    type: platform.type && DEVICE_TYPES.has(platform.type) ? (platform.type as SessionDevice['type']) : null,
  };
}
