import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Identity, ProviderName } from '@photocloud/contracts';
import { AppError, isAppError, type Clock } from '@photocloud/kit';
import type { AuthDb } from '../db/schema.ts';
import { normalizeEmail } from '../normalize.ts';
import type { IdentityRow, IdentityStore } from '../stores/identity.store.ts';
import type { UserRow, UserStore } from '../stores/user.store.ts';
import type { RateLimitService } from './rate-limit.service.ts';
import type { SessionService } from './session.service.ts';
import { toSignIn, type RequestContext, type SignIn } from './user.mapper.ts';
import { assertAnotherWayIn } from './ways-in.ts';

/** What a provider vouched for, after its token was verified. */
export interface ProviderProfile {
  provider: ProviderName;
  subject: string;
  email: string | null;
  /** True only when the provider says it checked the address (Google's email_verified). */
  emailVerified: boolean;
  givenName?: string | null;
  familyName?: string | null;
  /** YYYY-MM-DD */
  birthDate?: string | null;
}

/** Providers whose verified email may link to an existing account by itself. FranceConnect never does. */
const LINKS_BY_EMAIL: ReadonlySet<ProviderName> = new Set(['google']);

/**
 * One person, one account, several ways in. A provider identity is found by provider + subject, never
 * by email alone; an email match links automatically only when both sides proved the address.
 */
export class IdentityService {
  constructor(
    private readonly db: Kysely<AuthDb>,
    private readonly store: IdentityStore,
    private readonly users: UserStore,
    private readonly sessions: SessionService,
    private readonly limits: RateLimitService,
    private readonly clock: Clock,
  ) {}

  async signIn(profile: ProviderProfile, ctx: RequestContext & { providerIdToken?: string }): Promise<SignIn> {
    await this.limits.consume('loginPerIp', ctx.ip);
    const user = await this.resolve(profile);
    return toSignIn(user, await this.sessions.start(user.id, profile.provider, ctx));
  }

  /** Links a provider identity to the signed-in account (from settings). */
  async link(userId: string, profile: ProviderProfile): Promise<Identity> {
    const existing = await this.store.get(profile.provider, profile.subject);
    if (existing && existing.userId !== userId) throw new AppError('IDENTITY_IN_USE');
    if (existing) return toIdentity(existing);
    const row = this.identityRow(profile, userId);
    await this.db.transaction().execute(async (trx) => {
      await this.store.create(row, trx);
      if (profile.provider === 'google') await this.users.update(userId, { googleId: profile.subject }, trx);
    });
    return toIdentity(row);
  }

  async list(userId: string): Promise<Identity[]> {
    return (await this.store.listByUser(userId)).map(toIdentity);
  }

  async unlink(userId: string, provider: ProviderName): Promise<void> {
    if ((await this.store.listByUser(userId)).every((i) => i.provider !== provider)) throw new AppError('NOT_FOUND', { message: 'This sign-in method is not linked.' });
    await assertAnotherWayIn(this.db, userId);
    await this.db.transaction().execute(async (trx) => {
      await this.store.deleteForUser(userId, provider, trx);
      if (provider === 'google') await this.users.update(userId, { googleId: null }, trx);
    });
  }

  private async resolve(p: ProviderProfile): Promise<UserRow> {
    const known = await this.store.get(p.provider, p.subject);
    if (known) {
      const user = await this.users.getById(known.userId);
      if (!user) throw new AppError('PROVIDER_TOKEN_INVALID');
      await this.store.update(p.provider, p.subject, { email: p.email, emailVerified: p.emailVerified ? 1 : 0 });
      return user;
    }
    const email = p.email ? safeEmail(p.email) : null;
    if (!email) throw new AppError('PROVIDER_TOKEN_INVALID', { message: 'The provider did not share a usable email address.' });
    const now = this.clock.now().toISOString();
    const owner = await this.users.getByEmail(email);
    if (owner) {
      if (!p.emailVerified || !LINKS_BY_EMAIL.has(p.provider)) throw new AppError('IDENTITY_NOT_LINKED');
      if (owner.emailVerifiedAt === null) {
        // Whoever made this account never proved the address, and the provider just did: the account
        // goes to the address's owner, without anything the first claimant set up (password, sessions,
        // unverified identities).
        await this.sessions.endAllForUser(owner.id, 'email_claimed');
        await this.db.transaction().execute(async (trx) => {
          await this.users.update(owner.id, { passwordHash: null, emailVerifiedAt: now, updatedAt: now }, trx);
          await this.store.deleteUnverifiedForUser(owner.id, trx);
        });
      }
      await this.link(owner.id, p);
      return (await this.users.getById(owner.id))!;
    }
    return this.createAccount(p, email, now);
  }

  private async createAccount(p: ProviderProfile, email: string, now: string): Promise<UserRow> {
    const user: UserRow = {
      id: randomUUID(),
      email,
      // FranceConnect does not vouch for emails: the account stays unverified until a link proves it.
      emailVerifiedAt: p.emailVerified ? now : null,
      username: null,
      passwordHash: null,
      firstName: p.givenName ?? null,
      lastName: p.familyName ?? null,
      phoneNumber: null,
      birthDate: p.birthDate ?? null,
      googleId: p.provider === 'google' ? p.subject : null,
      locale: null,
      role: 'user',
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        await this.users.create(user, trx);
        await this.store.create(this.identityRow(p, user.id), trx);
      });
    } catch (err) {
      // Two first sign-ins racing: the loser finds the winner's identity.
      if (isAppError(err) && (err.code === 'CONFLICT' || err.code === 'IDENTITY_IN_USE')) return this.resolve(p);
      throw err;
    }
    return user;
  }

  private identityRow(p: ProviderProfile, userId: string): IdentityRow {
    return { provider: p.provider, subject: p.subject, userId, email: p.email, emailVerified: p.emailVerified ? 1 : 0, createdAt: this.clock.now().toISOString() };
  }
}

function safeEmail(raw: string): string | null {
  try {
    return normalizeEmail(raw);
  } catch {
    return null;
  }
}

function toIdentity(r: IdentityRow): Identity {
  return { provider: r.provider as ProviderName, email: r.email, emailVerified: r.emailVerified === 1, createdAt: r.createdAt };
}
