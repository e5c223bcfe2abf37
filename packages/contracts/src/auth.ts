import { Type, type Static } from '@sinclair/typebox';

/**
 * Wire contract of the auth service. Request schemas bound every string so a huge body is refused
 * before any hashing; the service applies the finer rules (normalisation, password policy).
 */

export const Locale = Type.Union([Type.Literal('fr'), Type.Literal('en')]);
export type Locale = Static<typeof Locale>;

/** Raw email as typed; normalised and checked by the service (NFKC, lowercase, no look-alikes). */
export const EmailInput = Type.String({ minLength: 3, maxLength: 320 });
/** Raw password; the policy (8 to 256 characters, not a common one) is the service's. */
export const PasswordInput = Type.String({ minLength: 1, maxLength: 1024 });
/** A one-time token from an emailed link (`id.secret`). */
export const OneTimeTokenInput = Type.String({ minLength: 1, maxLength: 512 });

const Name = Type.String({ maxLength: 100 });
const Phone = Type.String({ maxLength: 32, pattern: '^\\+?[0-9 ().-]{3,32}$' });
const BirthDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Username = Type.String({ minLength: 1, maxLength: 64 });

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean(),
  username: Type.Union([Type.String(), Type.Null()]),
  firstName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.Union([Type.String(), Type.Null()]),
  phoneNumber: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([Locale, Type.Null()]),
  /** False for accounts created by a magic link (or later a passkey / provider) that never set a password. */
  hasPassword: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type User = Static<typeof User>;

export const RegisterRequest = Type.Object(
  {
    email: EmailInput,
    password: PasswordInput,
    username: Type.Optional(Username),
    firstName: Type.Optional(Name),
    lastName: Type.Optional(Name),
    phoneNumber: Type.Optional(Phone),
    birthDate: Type.Optional(BirthDate),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type RegisterRequest = Static<typeof RegisterRequest>;

/** Register, forgot-password, magic-link and resend requests all answer this, whether or not the account exists. */
export const AcceptedResponse = Type.Object({ status: Type.Literal('accepted'), message: Type.String() });
export type AcceptedResponse = Static<typeof AcceptedResponse>;

export const LoginRequest = Type.Object({ email: EmailInput, password: PasswordInput }, { additionalProperties: false });
export type LoginRequest = Static<typeof LoginRequest>;

export const LoginResponse = Type.Object({
  accessToken: Type.String(),
  /** Seconds until the access token expires. */
  expiresIn: Type.Integer(),
  user: User,
  /** Only for clients that asked for it in the body (CLI): browsers get the httpOnly cookie instead. */
  refreshToken: Type.Optional(Type.String()),
});
export type LoginResponse = Static<typeof LoginResponse>;

/** `refreshToken` is for clients without cookies (CLI); browsers send the httpOnly cookie. */
export const RefreshRequest = Type.Object({ refreshToken: Type.Optional(Type.String({ maxLength: 512 })) }, { additionalProperties: false });
export type RefreshRequest = Static<typeof RefreshRequest>;

export const LogoutRequest = RefreshRequest;
export type LogoutRequest = RefreshRequest;

export const UpdateMeRequest = Type.Object(
  {
    username: Type.Optional(Type.Union([Username, Type.Null()])),
    firstName: Type.Optional(Type.Union([Name, Type.Null()])),
    lastName: Type.Optional(Type.Union([Name, Type.Null()])),
    phoneNumber: Type.Optional(Type.Union([Phone, Type.Null()])),
    birthDate: Type.Optional(Type.Union([BirthDate, Type.Null()])),
    locale: Type.Optional(Type.Union([Locale, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeRequest = Static<typeof UpdateMeRequest>;

export const EmailRequest = Type.Object({ email: EmailInput }, { additionalProperties: false });
export type EmailRequest = Static<typeof EmailRequest>;

export const TokenRequest = Type.Object({ token: OneTimeTokenInput }, { additionalProperties: false });
export type TokenRequest = Static<typeof TokenRequest>;

export const ResetPasswordRequest = Type.Object(
  {
    token: OneTimeTokenInput,
    password: PasswordInput,
    /** End every session of the account (default true: a reset usually means the password leaked). */
    signOutEverywhere: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ResetPasswordRequest = Static<typeof ResetPasswordRequest>;

export const ChangePasswordRequest = Type.Object(
  {
    /** Required when the account has a password. */
    currentPassword: Type.Optional(PasswordInput),
    newPassword: PasswordInput,
    /** End the account's other sessions (default false); the current one stays. */
    signOutOtherSessions: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const MagicLinkQuery = Type.Object({ email: EmailInput }, { additionalProperties: false });
export type MagicLinkQuery = Static<typeof MagicLinkQuery>;

/** Paths of the links in the emails (`${API_URL}${path}?token=…`): the web app shows them and posts the token back. */
export const AUTH_LINK_PATHS = {
  verifyEmail: '/auth/email/verify',
  resetPassword: '/auth/password/reset',
  magicLink: '/auth/magic-link/verify',
} as const;

/** Name of the httpOnly cookie holding the refresh token (scoped to `/auth`). */
export const REFRESH_COOKIE = 'pc_refresh';

/**
 * Clients without cookies (CLI) send this header with the value `body` on login, refresh and magic-link
 * verification to get `refreshToken` in the JSON answer; browsers only ever get the httpOnly cookie.
 */
export const REFRESH_DELIVERY_HEADER = 'x-refresh-token-delivery';
