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
  /** 'admin' may manage storage buckets; given by `photocloud admin promote` or ADMIN_EMAILS. */
  role: Type.Union([Type.Literal('user'), Type.Literal('admin')]),
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

// ---- Passkeys (WebAuthn) ----------------------------------------------------------------------

const B64url = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^[A-Za-z0-9_-]+$' });

/** `PublicKeyCredential.toJSON()` of a `navigator.credentials.create()` (as @simplewebauthn/browser returns it). */
export const PasskeyRegistrationResponse = Type.Object({
  id: B64url(1024),
  rawId: B64url(1024),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: B64url(4096),
    attestationObject: B64url(8192),
    transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 })),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  clientExtensionResults: Type.Object({}),
});

/** `PublicKeyCredential.toJSON()` of a `navigator.credentials.get()`. */
export const PasskeyAuthenticationResponse = Type.Object({
  id: B64url(1024),
  rawId: B64url(1024),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: B64url(4096),
    authenticatorData: B64url(4096),
    signature: B64url(1024),
    userHandle: Type.Optional(Type.String({ maxLength: 128 })),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  clientExtensionResults: Type.Object({}),
});

export const PasskeyRegisterFinishRequest = Type.Object(
  { response: PasskeyRegistrationResponse, name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
);
export type PasskeyRegisterFinishRequest = Static<typeof PasskeyRegisterFinishRequest>;

export const PasskeyLoginFinishRequest = Type.Object({ response: PasskeyAuthenticationResponse }, { additionalProperties: false });
export type PasskeyLoginFinishRequest = Static<typeof PasskeyLoginFinishRequest>;

/** Without `email`: a usernameless sign-in with a discoverable credential. */
export const PasskeyLoginQuery = Type.Object({ email: Type.Optional(EmailInput) }, { additionalProperties: false });
export type PasskeyLoginQuery = Static<typeof PasskeyLoginQuery>;

export const Passkey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** singleDevice or multiDevice (synced). */
  deviceType: Type.String(),
  backedUp: Type.Boolean(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Passkey = Static<typeof Passkey>;

export const RenamePasskeyRequest = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type RenamePasskeyRequest = Static<typeof RenamePasskeyRequest>;

export const PasskeyIdParams = Type.Object({ id: B64url(1024) });
export type PasskeyIdParams = Static<typeof PasskeyIdParams>;

// ---- Providers (Google, FranceConnect) and linked identities --------------------------------

const IdToken = Type.String({ minLength: 1, maxLength: 8192 });

/** `nonce`: when the client put one in the Google request, the token must carry the same. */
export const GoogleTokenRequest = Type.Object({ token: IdToken, nonce: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) }, { additionalProperties: false });
export type GoogleTokenRequest = Static<typeof GoogleTokenRequest>;

export const GoogleTokenQuery = GoogleTokenRequest;
export type GoogleTokenQuery = GoogleTokenRequest;

/** The authorization response the web app posts back from the provider's redirect (all its parameters, `iss` included when present). */
export const OidcCallbackRequest = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 2048 }),
    state: Type.String({ minLength: 1, maxLength: 256 }),
    iss: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  },
  { additionalProperties: false },
);
export type OidcCallbackRequest = Static<typeof OidcCallbackRequest>;

/** Where to send the browser next (the provider's authorization or end-session page). */
export const RedirectResponse = Type.Object({ url: Type.String() });
export type RedirectResponse = Static<typeof RedirectResponse>;

export const ProviderName = Type.Union([Type.Literal('google'), Type.Literal('franceconnect')]);
export type ProviderName = Static<typeof ProviderName>;

/** Which sign-in buttons to show. */
export const ProvidersResponse = Type.Object({
  password: Type.Boolean(),
  magicLink: Type.Boolean(),
  passkey: Type.Boolean(),
  google: Type.Union([Type.Object({ clientId: Type.String() }), Type.Null()]),
  franceconnect: Type.Boolean(),
});
export type ProvidersResponse = Static<typeof ProvidersResponse>;

export const Identity = Type.Object({
  provider: ProviderName,
  email: Type.Union([Type.String(), Type.Null()]),
  emailVerified: Type.Boolean(),
  createdAt: Type.String(),
});
export type Identity = Static<typeof Identity>;

export const ProviderParams = Type.Object({ provider: ProviderName });
export type ProviderParams = Static<typeof ProviderParams>;

// ---- Storage credentials (GET /credentials) -------------------------------------------------

/** Short-lived S3 keys that can only touch `prefix` in `bucket`. */
export const S3Credentials = Type.Object({
  mode: Type.Literal('s3'),
  accessKeyId: Type.String(),
  secretAccessKey: Type.String(),
  sessionToken: Type.String(),
  expiration: Type.String(),
  endpoint: Type.String(),
  region: Type.String(),
  bucket: Type.String(),
  prefix: Type.String(),
});
export type S3Credentials = Static<typeof S3Credentials>;

/** No keys: clients upload and download through the API's presigned URLs. */
export const PresignedOnlyCredentials = Type.Object({ mode: Type.Literal('presigned'), bucket: Type.String(), prefix: Type.String() });
export type PresignedOnlyCredentials = Static<typeof PresignedOnlyCredentials>;

export const CredentialsResponse = Type.Union([S3Credentials, PresignedOnlyCredentials]);
export type CredentialsResponse = Static<typeof CredentialsResponse>;

// ---- Sessions (the devices signed in to the account) ---------------------------------------

/** What the user agent says about the device; null where it does not say (a CLI, a script). */
export const SessionDevice = Type.Object({
  /** Browser and major version, e.g. "Firefox 133". */
  browser: Type.Union([Type.String(), Type.Null()]),
  /** Operating system and version when known, e.g. "iOS 17.5". */
  os: Type.Union([Type.String(), Type.Null()]),
  type: Type.Union([Type.Literal('desktop'), Type.Literal('mobile'), Type.Literal('tablet'), Type.Literal('tv'), Type.Null()]),
});
export type SessionDevice = Static<typeof SessionDevice>;

/** One signed-in device: a session that has not ended or expired. */
export const ActiveSession = Type.Object({
  id: Type.String(),
  /** How it began: password, magic_link, email_verify, passkey, google or franceconnect. */
  method: Type.String(),
  device: SessionDevice,
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  /** Last sign-in or token refresh (refreshes happen every few minutes while the app is open). */
  lastUsedAt: Type.String(),
  /** True for the session of the request's own access token. */
  current: Type.Boolean(),
});
export type ActiveSession = Static<typeof ActiveSession>;

export const SessionIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type SessionIdParams = Static<typeof SessionIdParams>;

/** How many sessions "sign out everywhere else" ended. */
export const EndedSessionsResponse = Type.Object({ ended: Type.Integer() });
export type EndedSessionsResponse = Static<typeof EndedSessionsResponse>;
