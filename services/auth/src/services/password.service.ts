import { readFileSync } from 'node:fs';
import { hash, verify, type Options } from '@node-rs/argon2';
import { AppError } from '@photocloud/kit';

/** OWASP Password Storage cheat sheet, first argon2id line: 19 MiB, 2 iterations, 1 lane. */
// `Algorithm` is an ambient const enum (unusable under verbatimModuleSyntax); 2 is Argon2id.
const ARGON2ID = 2 as Options['algorithm'];
export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } satisfies Options;

/**
 * Minimum 8: OWASP ASVS 2.1.1 allows 8 when the rest of the policy holds (no composition rules, a
 * breached/common-password check, rate-limited sign-in with backoff). 15 is OWASP's advice for
 * password-only accounts without MFA; families sign in mostly by magic link or passkey here, so 8
 * keeps the password path usable, and the common-password list removes the worst 8-character choices.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

let commonPasswords: Set<string> | undefined;

function common(): Set<string> {
  commonPasswords ??= new Set(
    readFileSync(new URL('../passwords/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
  return commonPasswords;
}

export class PasswordService {
  #dummyHash: Promise<string> | undefined;

  /** Throws WEAK_PASSWORD with the reason when the password is not acceptable. */
  check(password: string, context: { email?: string | undefined; username?: string | null | undefined } = {}): void {
    const length = [...password].length;
    if (length < MIN_PASSWORD_LENGTH) throw weak(`Use at least ${MIN_PASSWORD_LENGTH} characters.`, 'too_short');
    if (length > MAX_PASSWORD_LENGTH) throw weak(`Use at most ${MAX_PASSWORD_LENGTH} characters.`, 'too_long');
    const lower = password.normalize('NFKC').toLowerCase();
    if (common().has(lower)) throw weak('This password is one of the most common ones; choose another.', 'common');
    if (new Set(lower).size === 1) throw weak('A single repeated character is too easy to guess.', 'repeated');
    const local = context.email?.split('@')[0];
    if ((local && local.length >= 4 && lower === local) || (context.username && lower === context.username)) {
      throw weak('The password must not be your email or username.', 'personal');
    }
  }

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFKC'), ARGON2_PARAMS);
  }

  /** Verifies against `stored`; without a stored hash it still spends the same work (no timing oracle). */
  async verify(stored: string | null | undefined, password: string): Promise<boolean> {
    if (!stored) {
      await verify(await this.dummyHash(), password.normalize('NFKC')).catch(() => false);
      return false;
    }
    try {
      return await verify(stored, password.normalize('NFKC'));
    } catch {
      return false;
    }
  }

  /** True when a stored hash was made with other parameters (older settings): rehash it at the next sign-in. */
  needsRehash(stored: string): boolean {
    const p = ARGON2_PARAMS;
    return !stored.startsWith(`$argon2id$v=19$m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}$`);
  }

  /** Spends one hash's worth of time, for code paths that must look like they hashed. */
  async burn(password: string): Promise<void> {
    await this.verify(null, password);
  }

  private dummyHash(): Promise<string> {
    this.#dummyHash ??= hash('not-a-real-password-just-for-timing', ARGON2_PARAMS);
    return this.#dummyHash;
  }
}

function weak(message: string, reason: string): AppError {
  return new AppError('WEAK_PASSWORD', { message, details: { reason } });
}
