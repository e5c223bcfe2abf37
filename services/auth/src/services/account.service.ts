import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AUTH_LINK_PATHS, type AcceptedResponse, type RegisterRequest, type UpdateMeRequest, type User } from '@photocloud/contracts';
import { AppError, isAppError, type Clock } from '@photocloud/kit';
import type { AuthDb } from '../db/schema.ts';
import type { EmailService } from '../mail/email.service.ts';
import { pickLocale } from '../mail/templates.ts';
import { normalizeEmail, normalizeUsername } from '../normalize.ts';
import type { UserRow, UserStore } from '../stores/user.store.ts';
import type { OneTimeTokenService } from './one-time-token.service.ts';
import type { PasswordService } from './password.service.ts';
import type { RateLimitService } from './rate-limit.service.ts';
import type { SessionService } from './session.service.ts';
import { toSignIn, toUser, type RequestContext, type SignIn } from './user.mapper.ts';

/** A registration waiting for its email: nothing is created until the address is proven. */
interface PendingRegistration {
  passwordHash: string;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  birthDate: string | null;
  locale: string | null;
}

export const ACCEPTED: AcceptedResponse = { status: 'accepted', message: 'If the address can receive it, an email is on its way.' };

/**
 * Accounts. Registering never creates an account straight away: the account is created when the
 * emailed link is followed. So register cannot reveal whether an address is taken (the owner gets an
 * "already registered" mail instead), and nobody can pre-register someone else's address.
 */
export class AccountService {
  constructor(
    private readonly db: Kysely<AuthDb>,
    private readonly users: UserStore,
    private readonly tokens: OneTimeTokenService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly limits: RateLimitService,
    private readonly email: EmailService,
    private readonly clock: Clock,
  ) {}

  async register(req: RegisterRequest, ctx: RequestContext): Promise<AcceptedResponse> {
    const email = normalizeEmail(req.email);
    const username = req.username === undefined ? null : normalizeUsername(req.username);
    this.passwords.check(req.password, { email, username });
    await this.limits.consume('registerPerIp', ctx.ip);
    await this.limits.consume('registerPerAccount', email);
    const passwordHash = await this.passwords.hash(req.password);
    const existing = await this.users.getByEmail(email);
    const locale = pickLocale(existing?.locale ?? req.locale, ctx.acceptLanguage);
    if (existing) {
      // Same statements as the new-account branch below, so both take the same time.
      await this.tokens.invalidateOthers(email, 'email_verify');
      const token = await this.tokens.issue('password_reset', email, existing.id);
      this.email.send('already_registered', email, locale, AUTH_LINK_PATHS.resetPassword, token);
      return ACCEPTED;
    }
    const pending: PendingRegistration = {
      passwordHash,
      username,
      firstName: req.firstName ?? null,
      lastName: req.lastName ?? null,
      phoneNumber: req.phoneNumber ?? null,
      birthDate: req.birthDate ?? null,
      locale: req.locale ?? null,
    };
    await this.tokens.invalidateOthers(email, 'email_verify');
    const token = await this.tokens.issue('email_verify', email, null, pending);
    this.email.send('verify_email', email, locale, AUTH_LINK_PATHS.verifyEmail, token);
    return ACCEPTED;
  }

  /** Follows the emailed link: creates the pending account (or marks an existing one verified) and signs in. */
  async verifyEmail(token: string, ctx: RequestContext): Promise<SignIn> {
    const row = await this.tokens.consume('email_verify', token);
    const now = this.clock.now().toISOString();
    const user = await this.db.transaction().execute(async (trx) => {
      const existing = row.userId ? await this.users.getById(row.userId, trx) : undefined;
      if (existing) return (await this.users.update(existing.id, { emailVerifiedAt: existing.emailVerifiedAt ?? now, updatedAt: now }, trx))!;
      if (!row.payload || (await this.users.getByEmail(row.email, trx))) throw new AppError('TOKEN_USED', { message: 'This account is already confirmed; sign in.' });
      const created = newUser(row.email, now, JSON.parse(row.payload) as PendingRegistration);
      await this.users.create(created, trx);
      return created;
    });
    // Outside the transaction: signing may read the key table, and SQLite has one connection.
    return toSignIn(user, await this.sessions.start(user.id, 'email_verify', ctx));
  }

  /** Sends the confirmation link again, for a pending registration or an unverified account. */
  async resendVerification(rawEmail: string, ctx: RequestContext): Promise<AcceptedResponse> {
    const email = normalizeEmail(rawEmail);
    await this.limits.consume('resendPerIp', ctx.ip);
    await this.limits.consume('resendPerAccount', email);
    const user = await this.users.getByEmail(email);
    const pending = user ? undefined : await this.tokens.latestUnused(email, 'email_verify');
    if ((user && user.emailVerifiedAt === null) || pending?.payload) {
      const payload = pending?.payload ? (JSON.parse(pending.payload) as PendingRegistration) : null;
      await this.tokens.invalidateOthers(email, 'email_verify');
      const token = await this.tokens.issue('email_verify', email, user?.id ?? null, payload);
      this.email.send('verify_email', email, pickLocale(user?.locale ?? payload?.locale, ctx.acceptLanguage), AUTH_LINK_PATHS.verifyEmail, token);
    }
    return ACCEPTED;
  }

  async getMe(userId: string): Promise<User> {
    const user = await this.users.getById(userId);
    if (!user) throw new AppError('SESSION_EXPIRED');
    return toUser(user);
  }

  async updateMe(userId: string, patch: UpdateMeRequest): Promise<User> {
    const username = patch.username === undefined || patch.username === null ? patch.username : normalizeUsername(patch.username);
    const row = await this.users.update(userId, { ...patch, username, updatedAt: this.clock.now().toISOString() });
    if (!row) throw new AppError('SESSION_EXPIRED');
    return toUser(row);
  }

  /** Creates an account whose email is already proven (magic link); returns the existing one on a race. */
  async createVerified(email: string, db: Kysely<AuthDb> = this.db): Promise<UserRow> {
    const now = this.clock.now().toISOString();
    const user = newUser(email, now, null);
    try {
      await this.users.create(user, db);
      return user;
    } catch (err) {
      const existing = isAppError(err) && err.code === 'CONFLICT' ? await this.users.getByEmail(email, db) : undefined;
      if (!existing) throw err;
      return existing;
    }
  }
}

function newUser(email: string, now: string, p: PendingRegistration | null): UserRow {
  return {
    id: randomUUID(),
    email,
    emailVerifiedAt: now,
    username: p?.username ?? null,
    passwordHash: p?.passwordHash ?? null,
    firstName: p?.firstName ?? null,
    lastName: p?.lastName ?? null,
    phoneNumber: p?.phoneNumber ?? null,
    birthDate: p?.birthDate ?? null,
    googleId: null,
    locale: p?.locale ?? null,
    role: 'user',
    createdAt: now,
    updatedAt: now,
  };
}
