import type { ColumnType } from 'kysely';

/** Row types of the auth database (never leave this service). Times are ISO-8601 UTC strings. */
export interface UserTable {
  id: string;
  /** Normalised (NFKC, lowercase); unique. */
  email: string;
  emailVerifiedAt: string | null;
  username: string | null;
  passwordHash: string | null;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  birthDate: string | null;
  /** Seed 002's column; sign-in identities live in `identity` (issue 5), this mirrors Google's subject. */
  googleId: string | null;
  locale: string | null;
  /** 'user' or 'admin' (contracts `Role`); the database default 'user' applies when an insert leaves it out. */
  role: ColumnType<'user' | 'admin', 'user' | 'admin' | undefined, 'user' | 'admin'>;
  createdAt: string;
  updatedAt: string;
}

/** A sign-in method from elsewhere (Google, FranceConnect, …), keyed by provider + subject. */
export interface IdentityTable {
  provider: string;
  subject: string;
  userId: string;
  email: string | null;
  emailVerified: number;
  createdAt: string;
}

export type OneTimePurpose = 'email_verify' | 'password_reset' | 'magic_link';

export interface OneTimeTokenTable {
  id: string;
  secretHash: string;
  purpose: OneTimePurpose;
  /** Null for a magic link to an address without an account yet. */
  userId: string | null;
  email: string;
  /** JSON: a registration waiting for its email to be confirmed (password hash and profile). */
  payload: string | null;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
}

/** A sign-in session = one refresh-token family; its id is the access token's `sid`. */
export interface SessionTable {
  id: string;
  userId: string;
  /** How it started: password, magic_link, email_verify (later passkey, google, franceconnect). */
  method: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  userAgent: string | null;
  ip: string | null;
  /** The provider's id_token when the session began with OpenID Connect (FranceConnect logout needs it). */
  providerIdToken: string | null;
}

export interface RefreshTokenTable {
  id: string;
  sessionId: string;
  secretHash: string;
  createdAt: string;
  /** Set when rotated; a second use of the same token revokes the session. */
  usedAt: string | null;
}

export interface SigningKeyTable {
  kid: string;
  alg: string;
  /** Public JWK as JSON. */
  publicJwk: string;
  /** Private JWK encrypted with the key derived from JWT_SECRET (base64url iv.tag.ciphertext). */
  privateJwkEnc: string;
  createdAt: string;
  /** Stops signing after this instant. */
  rotateAt: string;
  /** Leaves the JWKS after this instant (rotateAt + the access-token lifetime + margin). */
  expiresAt: string;
}

/** Fixed-window counters with a block until, shared by every instance on the same database. */
export interface RateLimitTable {
  key: string;
  count: number;
  windowStart: string;
  blockedUntil: string | null;
}

/** A WebAuthn credential (passkey). `id` is the credential id, base64url. */
export interface PasskeyTable {
  id: string;
  userId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** Signature counter; PostgreSQL returns bigint as a string. */
  counter: number | string;
  /** JSON array of transports as reported at registration. */
  transports: string | null;
  name: string;
  deviceType: string;
  backedUp: number;
  createdAt: string;
  lastUsedAt: string | null;
}

export type ChallengePurpose = 'passkey_register' | 'passkey_login';

/** An issued WebAuthn challenge, spent once by the ceremony's finish. */
export interface WebauthnChallengeTable {
  challenge: string;
  purpose: ChallengePurpose;
  /** Register: the signed-in user; login by email: the account asked for; usernameless: null. */
  userId: string | null;
  expiresAt: string;
}

/** An OpenID Connect authorization in flight (state → nonce, PKCE verifier, account to link). */
export interface OidcLoginTable {
  state: string;
  provider: string;
  nonce: string;
  codeVerifier: string | null;
  linkUserId: string | null;
  expiresAt: string;
}

export interface AuthDb {
  passkey: PasskeyTable;
  webauthnChallenge: WebauthnChallengeTable;
  oidcLogin: OidcLoginTable;
  user: UserTable;
  identity: IdentityTable;
  oneTimeToken: OneTimeTokenTable;
  session: SessionTable;
  refreshToken: RefreshTokenTable;
  signingKey: SigningKeyTable;
  rateLimit: RateLimitTable;
}
