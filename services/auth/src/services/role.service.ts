import type { Kysely } from 'kysely';
import type { Role } from '@photocloud/contracts';
import { AppError, ConfigError, type Clock } from '@photocloud/kit';
import type { AuthDb } from '../db/schema.ts';
import { normalizeEmail } from '../normalize.ts';
import type { UserRow, UserStore } from '../stores/user.store.ts';

/**
 * Roles: the stored one goes into every access token, read again at each refresh so a promotion or a
 * demotion takes effect at the next one. Accounts named in ADMIN_EMAILS become admins when they sign
 * in, once their address is verified (anyone could otherwise register that address first).
 */
export class RoleService {
  readonly #adminEmails: ReadonlySet<string>;

  constructor(
    private readonly users: UserStore,
    adminEmails: Iterable<string>,
    private readonly clock: Clock,
  ) {
    this.#adminEmails = new Set(adminEmails);
  }

  /** What a new session's tokens carry; raises an ADMIN_EMAILS account to admin on the way. */
  async atSignIn(userId: string, db?: Kysely<AuthDb>): Promise<TokenFacts> {
    const user = await this.users.getById(userId, db);
    if (!user) return { role: 'user' };
    if (user.role !== 'admin' && user.emailVerifiedAt !== null && this.#adminEmails.has(user.email)) {
      await this.users.update(user.id, { role: 'admin', updatedAt: this.clock.now().toISOString() }, db);
      return { ...factsOf(user), role: 'admin' };
    }
    return factsOf(user);
  }

  /** What the account says now (at a token refresh). */
  async current(userId: string): Promise<TokenFacts> {
    const user = await this.users.getById(userId);
    return user ? factsOf(user) : { role: 'user' };
  }

  /** Gives an account a role (the `photocloud admin` command); NOT_FOUND when no account has the address. */
  async setByEmail(email: string, role: Role): Promise<UserRow> {
    const user = await this.users.getByEmail(normalizeEmail(email));
    if (!user) throw new AppError('NOT_FOUND', { message: `No account has the address ${email}.` });
    if (user.role === role) return user;
    return (await this.users.update(user.id, { role, updatedAt: this.clock.now().toISOString() }))!;
  }

  listAdmins(): Promise<UserRow[]> {
    return this.users.listByRole('admin');
  }

  /** Whether ADMIN_EMAILS names this address (a demotion would not last past its next sign-in). */
  isListedAdmin(email: string): boolean {
    return this.#adminEmails.has(normalizeEmail(email));
  }
}

/** What an access token says of its account beyond its id: the role, and the address once verified. */
export interface TokenFacts {
  role: Role;
  email?: string;
}

function factsOf(user: UserRow): TokenFacts {
  return { role: user.role === 'admin' ? 'admin' : 'user', ...(user.emailVerifiedAt !== null ? { email: user.email } : {}) };
}

/** ADMIN_EMAILS as normalised addresses; a malformed one stops start-up naming it. */
export function adminEmailList(value: string): string[] {
  const entries = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const problems: string[] = [];
  const emails = entries.flatMap((entry) => {
    try {
      return [normalizeEmail(entry)];
    } catch (err) {
      problems.push(`ADMIN_EMAILS: "${entry}" is not a valid email address (${(err as Error).message})`);
      return [];
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return emails;
}
