import type { Kysely } from 'kysely';
import { AppError } from '@photocloud/kit';
import type { AuthDb } from '../db/schema.ts';

/**
 * The ways a user can still sign in: a password, a verified email (magic link), each passkey and each
 * linked provider. Removing a passkey or a provider must leave at least one.
 */
export async function countWaysIn(db: Kysely<AuthDb>, userId: string): Promise<number> {
  const user = await db.selectFrom('user').select(['passwordHash', 'emailVerifiedAt']).where('id', '=', userId).executeTakeFirst();
  if (!user) return 0;
  const passkeys = await db.selectFrom('passkey').select((eb) => eb.fn.countAll<number | string>().as('n')).where('userId', '=', userId).executeTakeFirstOrThrow();
  const identities = await db.selectFrom('identity').select((eb) => eb.fn.countAll<number | string>().as('n')).where('userId', '=', userId).executeTakeFirstOrThrow();
  return (user.passwordHash ? 1 : 0) + (user.emailVerifiedAt ? 1 : 0) + Number(passkeys.n) + Number(identities.n);
}

export async function assertAnotherWayIn(db: Kysely<AuthDb>, userId: string): Promise<void> {
  if ((await countWaysIn(db, userId)) < 2) throw new AppError('LAST_SIGN_IN_METHOD');
}
