import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginRequest, RefreshRequest, SessionIdParams, type ActiveSession, type EndedSessionsResponse } from '@photocloud/contracts';
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

  /** The account's signed-in devices, the caller's marked `current`. */
  app.get('/auth/sessions', { preHandler: deps.authenticate }, async (req, reply): Promise<ActiveSession[]> => {
    reply.header('cache-control', 'no-store');
    return deps.sessions.listActive(req.user!.id, req.user!.sessionId);
  });

  /** Signs every other device out; the caller's session stays. */
  app.post('/auth/sessions/end-others', { preHandler: deps.authenticate }, async (req): Promise<EndedSessionsResponse> => {
    return { ended: await deps.sessions.endAllForUser(req.user!.id, 'signed_out_from_settings', req.user!.sessionId) };
  });

  app.delete<{ Params: SessionIdParams }>('/auth/sessions/:id', { preHandler: deps.authenticate, schema: { params: SessionIdParams } }, async (req, reply) => {
    await deps.sessions.revokeOwn(req.user!.id, req.params.id);
    return reply.status(204).send();
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
