import { AUTH_LINK_PATHS, type AcceptedResponse } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import type { EmailService } from '../mail/email.service.ts';
import { pickLocale } from '../mail/templates.ts';
import { normalizeEmail } from '../normalize.ts';
import type { IdentityStore } from '../stores/identity.store.ts';
import type { UserStore } from '../stores/user.store.ts';
import { ACCEPTED } from './account.service.ts';
import type { OneTimeTokenService } from './one-time-token.service.ts';
import type { PasswordService } from './password.service.ts';
import type { RateLimitService } from './rate-limit.service.ts';
import type { SessionService } from './session.service.ts';
import type { RequestContext } from './user.mapper.ts';

/** Forgot / reset / change password (OWASP Forgot Password cheat sheet: no sign-in after a reset). */
export class RecoveryService {
  constructor(
    private readonly users: UserStore,
    private readonly tokens: OneTimeTokenService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly limits: RateLimitService,
    private readonly email: EmailService,
    private readonly clock: Clock,
    private readonly identities: IdentityStore,
  ) {}

  async forgot(rawEmail: string, ctx: RequestContext): Promise<AcceptedResponse> {
    const email = normalizeEmail(rawEmail);
    await this.limits.consume('forgotPerIp', ctx.ip);
    await this.limits.consume('forgotPerAccount', email);
    const user = await this.users.getByEmail(email);
    // The same statements run for unknown addresses (their token reaches no one and resets nothing),
    // so the answer takes the same time either way.
    await this.tokens.invalidateOthers(email, 'password_reset');
    const token = await this.tokens.issue('password_reset', email, user?.id ?? null);
    if (user) this.email.send('reset_password', email, pickLocale(user.locale, ctx.acceptLanguage), AUTH_LINK_PATHS.resetPassword, token);
    return ACCEPTED;
  }

  /** Sets the new password; the link is spent only once the password is acceptable. */
  async reset(token: string, password: string, signOutEverywhere = true): Promise<void> {
    const peeked = await this.tokens.peek('password_reset', token);
    this.passwords.check(password, { email: peeked.email });
    const passwordHash = await this.passwords.hash(password);
    const row = await this.tokens.consume('password_reset', token);
    const now = this.clock.now().toISOString();
    const user = row.userId ? await this.users.getById(row.userId) : undefined;
    if (!user) throw new AppError('TOKEN_INVALID');
    await this.users.update(user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now, updatedAt: now });
    // The reset link proved an address nobody had proved: identities that did not prove it go.
    if (user.emailVerifiedAt === null) await this.identities.deleteUnverifiedForUser(user.id);
    if (signOutEverywhere) await this.sessions.endAllForUser(user.id, 'password_reset');
  }

  async change(userId: string, sessionId: string, current: string | undefined, next: string, signOutOthers = false): Promise<void> {
    const user = await this.users.getById(userId);
    if (!user) throw new AppError('SESSION_EXPIRED');
    if (user.passwordHash !== null) {
      // A stolen access token must not become a password-guessing oracle: same backoff as sign-in.
      await this.limits.assertLoginAllowed(user.email);
      if (current === undefined || !(await this.passwords.verify(user.passwordHash, current))) {
        await this.limits.recordLoginFailure(user.email);
        throw new AppError('CURRENT_PASSWORD_WRONG');
      }
      await this.limits.clearLoginFailures(user.email);
    }
    this.passwords.check(next, { email: user.email, username: user.username });
    const passwordHash = await this.passwords.hash(next);
    await this.users.update(user.id, { passwordHash, updatedAt: this.clock.now().toISOString() });
    if (signOutOthers) await this.sessions.endAllForUser(user.id, 'password_change', sessionId);
  }
}
