import { AppError, type Clock } from '@photocloud/kit';
import type { RateLimitStore } from '../stores/rate-limit.store.ts';

export interface Limit {
  max: number;
  windowSec: number;
}

/** Per IP and per account; an account key is the normalised email, known or not (no existence oracle). */
export interface RateLimits {
  loginPerIp: Limit;
  /** Passkey challenges: the sign-in page asks for one at every visit (autofill), so they don't use up sign-ins. */
  passkeyChallengePerIp: Limit;
  forgotPerIp: Limit;
  forgotPerAccount: Limit;
  magicLinkPerIp: Limit;
  magicLinkPerAccount: Limit;
  resendPerIp: Limit;
  resendPerAccount: Limit;
  registerPerIp: Limit;
  registerPerAccount: Limit;
  /** Failed sign-ins allowed per account before exponential backoff starts (1 s, 2 s, 4 s … up to maxBackoffSec). */
  loginFailuresFree: number;
  loginFailureWindowSec: number;
  maxBackoffSec: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  loginPerIp: { max: 30, windowSec: 15 * 60 },
  passkeyChallengePerIp: { max: 300, windowSec: 15 * 60 },
  forgotPerIp: { max: 10, windowSec: 3600 },
  forgotPerAccount: { max: 3, windowSec: 3600 },
  magicLinkPerIp: { max: 10, windowSec: 3600 },
  magicLinkPerAccount: { max: 5, windowSec: 3600 },
  resendPerIp: { max: 10, windowSec: 3600 },
  resendPerAccount: { max: 3, windowSec: 3600 },
  registerPerIp: { max: 10, windowSec: 3600 },
  registerPerAccount: { max: 3, windowSec: 3600 },
  loginFailuresFree: 5,
  loginFailureWindowSec: 3600,
  maxBackoffSec: 15 * 60,
};

export class RateLimitService {
  constructor(
    private readonly store: RateLimitStore,
    private readonly limits: RateLimits,
    private readonly clock: Clock,
  ) {}

  /** Counts one attempt of `action` for `subject`; 429 with Retry-After once over the limit. */
  async consume(action: keyof RateLimits, subject: string): Promise<void> {
    const limit = this.limits[action] as Limit;
    const now = this.clock.now().getTime();
    const c = await this.store.hit(`${action}:${subject}`, iso(now), iso(now - limit.windowSec * 1000));
    if (c.count > limit.max) throw limited(Date.parse(c.windowStart) + limit.windowSec * 1000 - now);
  }

  /** Refuses a sign-in while the account is in backoff after failures. */
  async assertLoginAllowed(account: string): Promise<void> {
    const c = await this.store.get(`login-fail:${account}`);
    const now = this.clock.now().getTime();
    if (c?.blockedUntil && Date.parse(c.blockedUntil) > now) throw limited(Date.parse(c.blockedUntil) - now);
  }

  async recordLoginFailure(account: string): Promise<void> {
    const key = `login-fail:${account}`;
    const now = this.clock.now().getTime();
    const c = await this.store.hit(key, iso(now), iso(now - this.limits.loginFailureWindowSec * 1000));
    const over = c.count - this.limits.loginFailuresFree;
    if (over >= 0) await this.store.block(key, iso(now + Math.min(this.limits.maxBackoffSec, 2 ** Math.min(over, 20)) * 1000));
  }

  async clearLoginFailures(account: string): Promise<void> {
    await this.store.clear(`login-fail:${account}`);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function limited(waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('RATE_LIMITED', { message: `Too many attempts; try again in ${seconds} s.`, headers: { 'retry-after': String(seconds) } });
}
