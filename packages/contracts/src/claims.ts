/**
 * What an access token says, agreed between the auth service (which signs it) and the gateway and
 * services (which verify it locally against the auth service's JWKS).
 */
export const ACCESS_TOKEN_AUDIENCE = 'photocloud-api';
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export const JWKS_PATH = '/.well-known/jwks.json';

export interface AccessClaims {
  /** The user's id. */
  sub: string;
  /** The sign-in session (refresh-token family) this token belongs to. */
  sid: string;
  iss: string;
  aud: string;
  iat: number;
  exp: number;
}

/** The verified caller, as routes see it. */
export interface AuthUser {
  id: string;
  sessionId: string;
}
