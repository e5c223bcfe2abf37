import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginRequest, RefreshRequest } from '@photocloud/contracts';
import { bearerToken } from '@photocloud/kit';
import { clearRefreshCookie, contextOf, refreshTokenOf, replySignIn } from './http-context.ts';
import type { RouteDeps } from './deps.ts';

/** Refresh and logout may come with no body at all (the cookie says everything). */
async function noBodyIsEmpty(req: FastifyRequest): Promise<void> {
  req.body ??= {};
}

export async function sessionRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  for (const url of ['/auth/login', '/login']) {
    app.post<{ Body: LoginRequest }>(url, { schema: { body: LoginRequest } }, async (req, reply) => {
      const signIn = await deps.signIn.login(req.body.email, req.body.password, contextOf(req));
      return replySignIn(req, reply, signIn, deps.cookie);
    });
  }

  app.post<{ Body: RefreshRequest }>('/auth/refresh', { preValidation: noBodyIsEmpty, schema: { body: RefreshRequest } }, async (req, reply) => {
    const s = await deps.sessions.refresh(refreshTokenOf(req));
    const user = await deps.accounts.getMe(s.userId);
    return replySignIn(req, reply, { response: { accessToken: s.accessToken, expiresIn: s.expiresIn, user }, refreshToken: s.refreshToken }, deps.cookie);
  });

  /** Ends the session of the refresh token (cookie or body), or else of the bearer token. */
  app.post<{ Body: RefreshRequest }>('/auth/logout', { preValidation: noBodyIsEmpty, schema: { body: RefreshRequest } }, async (req, reply) => {
    const refresh = refreshTokenOf(req);
    if (refresh) await deps.sessions.endByRefreshToken(refresh);
    else if (bearerToken(req)) {
      for (const check of deps.authenticate) await check.call(app, req, reply);
      await deps.sessions.end(req.user!.sessionId, req.user!.id);
    }
    clearRefreshCookie(req, reply, deps.cookie);
    return reply.status(204).send();
  });
}
