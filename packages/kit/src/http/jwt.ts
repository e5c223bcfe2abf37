import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_AUDIENCE, type AccessClaims, type AuthUser } from '@photocloud/contracts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireUser` once the bearer token is verified. */
    user?: AuthUser;
  }
}

export interface AccessTokenVerifierOptions {
  /** The auth service's JWKS URL, or a key getter (tests, in-process). */
  jwks: string | JWTVerifyGetKey;
  issuer: string;
  audience?: string;
  /**
   * How many verified tokens to remember until they expire (default 10,000; 0 turns it off). A client
   * sends the same token for its whole lifetime, so the gateway mostly re-checks tokens it has already
   * verified; the cache is keyed by the whole token (signature included) and never holds a rejection.
   */
  cacheSize?: number;
}

export type AccessTokenVerifier = (token: string) => Promise<AccessClaims>;

/**
 * Verifies access tokens locally: fixed algorithm list, issuer and audience checked, keys from the
 * JWKS (cached by jose, re-fetched on an unknown `kid` with a cooldown).
 */
export function createAccessTokenVerifier(opts: AccessTokenVerifierOptions): AccessTokenVerifier {
  const keys = typeof opts.jwks === 'string' ? createRemoteJWKSet(new URL(opts.jwks), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : opts.jwks;
  const options = {
    algorithms: [...ACCESS_TOKEN_ALGORITHMS],
    issuer: opts.issuer,
    audience: opts.audience ?? ACCESS_TOKEN_AUDIENCE,
    requiredClaims: ['sub', 'sid', 'exp', 'iat'],
  };
  const cacheSize = opts.cacheSize ?? 10_000;
  const cache = new Map<string, AccessClaims>();
  return async (token) => {
    const hit = cache.get(token);
    if (hit && hit.exp * 1000 > Date.now()) return hit;
    if (hit) cache.delete(token);
    try {
      const { payload } = await jwtVerify(token, keys, options);
      const claims = Object.freeze(payload) as unknown as AccessClaims;
      if (cacheSize > 0) {
        // Map keeps insertion order: dropping the first key evicts the oldest entry.
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
        cache.set(token, claims);
      }
      return claims;
    } catch (err) {
      throw unauthenticated(err instanceof joseErrors.JWTExpired ? 'The access token has expired.' : 'The access token is not valid.', err);
    }
  };
}

function unauthenticated(message: string, cause?: unknown): AppError {
  const error = message.includes('expired') ? 'invalid_token", error_description="expired' : 'invalid_token';
  return new AppError('UNAUTHENTICATED', { message, cause, headers: { 'www-authenticate': `Bearer error="${error}"` } });
}

/** Reads `Authorization: Bearer <jwt>`; null when absent. */
export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

/** A preHandler that lets only requests with a valid access token through, and sets `req.user`. */
export function requireUser(verify: AccessTokenVerifier) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(req);
    if (!token) {
      throw new AppError('UNAUTHENTICATED', { message: 'Sign in to continue: no access token was sent.', headers: { 'www-authenticate': 'Bearer' } });
    }
    const claims = await verify(token);
    req.user = { id: claims.sub, sessionId: claims.sid, ...(claims.role ? { role: claims.role } : {}), ...(claims.email ? { email: claims.email } : {}) };
  };
}
