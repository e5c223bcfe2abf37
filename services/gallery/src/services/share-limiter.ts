import { AppError, type Clock } from '@photocloud/kit';
import type { ShareRow, ShareStore } from '../stores/share.store.ts';

/** Wrong codes allowed on one share before it locks (for everyone) for LOCK_MS. */
export const SHARE_MAX_FAILURES = 5;
/** Wrong codes allowed from one address, across shares, per LOCK_MS window. */
export const IP_MAX_FAILURES = 20;
export const LOCK_MS = 15 * 60 * 1000;
const MAX_TRACKED_IPS = 10_000;

/**
 * Lockout for access codes. Per share in the database (every instance sees it); per address in
 * memory (an attacker spreading guesses over shares from one address is slowed on this instance).
 */
export class ShareLimiter {
  readonly #ips = new Map<string, { failures: number; windowStart: number; lockedUntil: number }>();

  constructor(
    private readonly shares: ShareStore,
    private readonly clock: Clock,
  ) {}

  assertOpen(share: ShareRow, ip: string): void {
    const now = this.clock.now().getTime();
    const shareLock = share.lockedUntil ? Date.parse(share.lockedUntil) : 0;
    const ipLock = this.#ips.get(ip)?.lockedUntil ?? 0;
    const until = Math.max(shareLock, ipLock);
    if (until > now) throw new AppError('SHARE_LOCKED', { headers: { 'retry-after': String(Math.ceil((until - now) / 1000)) } });
  }

  async recordFailure(share: ShareRow, ip: string): Promise<void> {
    const now = this.clock.now().getTime();
    await this.shares.recordFailure(share.id, SHARE_MAX_FAILURES, new Date(now + LOCK_MS).toISOString());
    let entry = this.#ips.get(ip);
    if (!entry || now - entry.windowStart > LOCK_MS) {
      entry = { failures: 0, windowStart: now, lockedUntil: 0 };
      // Map order is insertion order: drop the oldest address when full.
      if (this.#ips.size >= MAX_TRACKED_IPS) this.#ips.delete(this.#ips.keys().next().value!);
      this.#ips.set(ip, entry);
    }
    entry.failures += 1;
    if (entry.failures >= IP_MAX_FAILURES) entry.lockedUntil = now + LOCK_MS;
  }

  async recordSuccess(share: ShareRow): Promise<void> {
    if (share.failedAttempts > 0 || share.lockedUntil) await this.shares.resetFailures(share.id);
  }
}
