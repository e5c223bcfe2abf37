import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OidcCallbackRequest, type RedirectResponse } from '@photocloud/contracts';
import { AppError } from '@photocloud/kit';
import { OIDC_LOGIN_TTL_SEC, type CallbackResult, type FranceConnectService } from '../services/franceconnect.service.ts';
import { contextOf, replySignIn } from './http-context.ts';
import type { RouteDeps } from './deps.ts';

/** Binds an authorization in flight to the browser that started it (login CSRF). */
const STATE_COOKIE = 'pc_fc_state';
const COOKIE_PATH = '/auth';

export async function franceConnectRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const fc = (): FranceConnectService => {
    if (!deps.franceConnect) throw new AppError('PROVIDER_NOT_CONFIGURED');
    return deps.franceConnect;
  };

  const setState = (req: FastifyRequest, reply: FastifyReply, state: string): void => {
    reply.setCookie(STATE_COOKIE, state, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https' || deps.cookie.secure === 'always', maxAge: OIDC_LOGIN_TTL_SEC });
  };

  const finish = async (req: FastifyRequest, reply: FastifyReply, params: OidcCallbackRequest): Promise<CallbackResult> => {
    const browserState = req.cookies[STATE_COOKIE];
    reply.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
    return fc().callback(params, browserState, contextOf(req));
  };

  /** The FranceConnect button: off to FranceConnect. */
  app.get('/auth/franceconnect/login', async (req, reply) => {
    const { url, state } = await fc().start(null);
    setState(req, reply, state);
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  /** The web app posts back what FranceConnect returned to the callback page. */
  app.post<{ Body: OidcCallbackRequest }>('/auth/franceconnect/callback', { schema: { body: OidcCallbackRequest } }, async (req, reply) => {
    const result = await finish(req, reply, req.body);
    if (result.kind === 'linked') return reply.status(201).send(result.identity);
    return replySignIn(req, reply, result.signIn, deps.cookie);
  });

  /** Without the web app in front (API only), FranceConnect's redirect lands here: sign in and go home. */
  app.get<{ Querystring: OidcCallbackRequest }>('/auth/franceconnect/callback', { schema: { querystring: OidcCallbackRequest } }, async (req, reply) => {
    const result = await finish(req, reply, req.query);
    if (result.kind === 'signIn') replySignIn(req, reply, result.signIn, deps.cookie);
    return reply.redirect(result.kind === 'linked' ? '/settings' : '/', 303);
  });

  /** Link FranceConnect to the signed-in account: the browser then goes to the returned URL. */
  app.post('/auth/identities/franceconnect', { preHandler: deps.authenticate }, async (req, reply): Promise<RedirectResponse> => {
    const { url, state } = await fc().start(req.user!.id);
    setState(req, reply, state);
    return { url };
  });

  /** Ends the session here and returns FranceConnect's end-session URL when the session came from it. */
  app.post('/auth/franceconnect/logout', { preHandler: deps.authenticate }, async (req): Promise<RedirectResponse> => {
    const url = await fc().logoutUrl(req.user!.sessionId);
    await deps.sessions.end(req.user!.sessionId, req.user!.id);
    return { url: url ?? '/' };
  });
}
