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
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, options);
      return payload as unknown as AccessClaims;
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
    req.user = { id: claims.sub, sessionId: claims.sid };
  };
}
