import type { Locale, LoginResponse, User } from '@photocloud/contracts';
import type { UserRow } from '../stores/user.store.ts';
import type { IssuedSession } from './session.service.ts';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    emailVerified: row.emailVerifiedAt !== null,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    phoneNumber: row.phoneNumber,
    birthDate: row.birthDate,
    locale: row.locale === 'fr' || row.locale === 'en' ? (row.locale as Locale) : null,
    hasPassword: row.passwordHash !== null,
    role: row.role === 'admin' ? 'admin' : 'user',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A signed-in answer; the refresh token travels separately (cookie, or body when asked). */
export interface SignIn {
  response: LoginResponse;
  refreshToken: string;
}

export function toSignIn(user: UserRow, s: IssuedSession): SignIn {
  // The session's role: signing in may just have raised it (ADMIN_EMAILS).
  return { response: { accessToken: s.accessToken, expiresIn: s.expiresIn, user: { ...toUser(user), role: s.role } }, refreshToken: s.refreshToken };
}

/** Who is asking: for rate limits, session records and the language of emails. */
export interface RequestContext {
  ip: string;
  userAgent?: string | undefined;
  acceptLanguage?: string | undefined;
}
