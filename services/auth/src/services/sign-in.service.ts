import { AUTH_LINK_PATHS, type AcceptedResponse } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import type { EmailService } from '../mail/email.service.ts';
import { pickLocale } from '../mail/templates.ts';
import { normalizeEmail } from '../normalize.ts';
import type { IdentityStore } from '../stores/identity.store.ts';
import type { UserStore } from '../stores/user.store.ts';
import { ACCEPTED, type AccountService } from './account.service.ts';
import type { OneTimeTokenService } from './one-time-token.service.ts';
import type { PasswordService } from './password.service.ts';
import type { RateLimitService } from './rate-limit.service.ts';
import type { SessionService } from './session.service.ts';
import { toSignIn, type RequestContext, type SignIn } from './user.mapper.ts';

/** Password and magic-link sign-in. Unknown accounts cost the same work as known ones. */
export class SignInService {
  constructor(
    private readonly users: UserStore,
    private readonly accounts: AccountService,
    private readonly tokens: OneTimeTokenService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly limits: RateLimitService,
    private readonly email: EmailService,
    private readonly opts: { magicLinkSignup: boolean },
    private readonly clock: Clock,
    private readonly identities: IdentityStore,
  ) {}

  async login(rawEmail: string, password: string, ctx: RequestContext): Promise<SignIn> {
    await this.limits.consume('loginPerIp', ctx.ip);
    const email = normalizeEmail(rawEmail);
    await this.limits.assertLoginAllowed(email);
    const user = await this.users.getByEmail(email);
    if (!(await this.passwords.verify(user?.passwordHash, password)) || !user) {
      await this.limits.recordLoginFailure(email);
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.limits.clearLoginFailures(email);
    if (this.passwords.needsRehash(user.passwordHash!)) {
      await this.users.update(user.id, { passwordHash: await this.passwords.hash(password) });
    }
    if (user.emailVerifiedAt === null) throw new AppError('EMAIL_NOT_VERIFIED');
    return toSignIn(user, await this.sessions.start(user.id, 'password', ctx));
  }

  /** Emails a one-time sign-in link; the answer is the same whether the account exists or not. */
  async requestMagicLink(rawEmail: string, ctx: RequestContext): Promise<AcceptedResponse> {
    const email = normalizeEmail(rawEmail);
    await this.limits.consume('magicLinkPerIp', ctx.ip);
    await this.limits.consume('magicLinkPerAccount', email);
    const user = await this.users.getByEmail(email);
    // Issued either way so both answers take the same time; without sign-up, an unknown address's
    // token is never sent (and could not create an account anyway).
    const token = await this.tokens.issue('magic_link', email, user?.id ?? null);
    if (user || this.opts.magicLinkSignup) {
      this.email.send('magic_link', email, pickLocale(user?.locale, ctx.acceptLanguage), AUTH_LINK_PATHS.magicLink, token);
    }
    return ACCEPTED;
  }

  async consumeMagicLink(token: string, ctx: RequestContext): Promise<SignIn> {
    const row = await this.tokens.consume('magic_link', token);
    let user = row.userId ? await this.users.getById(row.userId) : await this.users.getByEmail(row.email);
    if (!user) {
      if (!this.opts.magicLinkSignup) throw new AppError('TOKEN_INVALID');
      user = await this.accounts.createVerified(row.email);
    } else if (user.emailVerifiedAt === null) {
      // The link proves the address: the account is now verified, and provider identities that never
      // proved it (FranceConnect) may be someone else's claim on it, so they go (issue 5, pre-hijacking).
      user = (await this.users.update(user.id, { emailVerifiedAt: this.clock.now().toISOString() })) ?? user;
      await this.identities.deleteUnverifiedForUser(user.id);
    }
    return toSignIn(user, await this.sessions.start(user.id, 'magic_link', ctx));
  }
}
