import type { FastifyReply, FastifyRequest } from 'fastify';
import { REFRESH_COOKIE, REFRESH_DELIVERY_HEADER, type LoginResponse } from '@photocloud/contracts';
import type { RequestContext, SignIn } from '../services/user.mapper.ts';

export interface CookiePolicy {
  secure: 'auto' | 'always' | 'never';
  /** Seconds; matches the session's lifetime without use. */
  maxAge: number;
}

/** The client as the services see it (`req.ip` is the real client behind the trusted gateway). */
export function contextOf(req: FastifyRequest): RequestContext {
  const ua = req.headers['user-agent'];
  const lang = req.headers['accept-language'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined, acceptLanguage: typeof lang === 'string' ? lang : undefined };
}

/** The refresh token from the JSON body (CLI) or else the cookie (browser). */
export function refreshTokenOf(req: FastifyRequest): string | undefined {
  const body = req.body as { refreshToken?: unknown } | undefined;
  if (typeof body?.refreshToken === 'string') return body.refreshToken;
  return req.cookies[REFRESH_COOKIE];
}

/** Sets the refresh cookie and answers the login body (with the refresh token only when asked for). */
export function replySignIn(req: FastifyRequest, reply: FastifyReply, signIn: SignIn, policy: CookiePolicy): LoginResponse {
  reply.setCookie(REFRESH_COOKIE, signIn.refreshToken, {
    path: '/auth',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(req, policy),
    maxAge: policy.maxAge,
  });
  reply.header('cache-control', 'no-store');
  return req.headers[REFRESH_DELIVERY_HEADER] === 'body' ? { ...signIn.response, refreshToken: signIn.refreshToken } : signIn.response;
}

export function clearRefreshCookie(req: FastifyRequest, reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(REFRESH_COOKIE, { path: '/auth', httpOnly: true, sameSite: 'lax', secure: isSecure(req, policy) });
}

function isSecure(req: FastifyRequest, policy: CookiePolicy): boolean {
  return policy.secure === 'always' || (policy.secure === 'auto' && req.protocol === 'https');
}
