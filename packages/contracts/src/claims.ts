/**
 * What an access token says, agreed between the auth service (which signs it) and the gateway and
 * services (which verify it locally against the auth service's JWKS).
 */
export const ACCESS_TOKEN_AUDIENCE = 'photocloud-api';
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export const JWKS_PATH = '/.well-known/jwks.json';

/** What an account may do beyond its own photos: 'admin' also manages storage buckets. */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AccessClaims {
  /** The user's id. */
  sub: string;
  /** The sign-in session (refresh-token family) this token belongs to. */
  sid: string;
  /** The account's role when the token was signed; absent in tokens from before roles existed (a user). */
  role?: Role;
  /** The account's address, present only once it is verified: services match invitations sent to it (shares by email). */
  email?: string;
  iss: string;
  aud: string;
  iat: number;
  exp: number;
}

/** The verified caller, as routes see it. */
export interface AuthUser {
  id: string;
  sessionId: string;
  /** The role from the token (absent in tokens from before roles existed: a user). */
  role?: Role;
  /** The verified address from the token, when it carries one. */
  email?: string;
}
