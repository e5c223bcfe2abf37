import type { FastifyInstance } from 'fastify';
import { GoogleTokenQuery, GoogleTokenRequest, ProviderParams, type ProvidersResponse } from '@photocloud/contracts';
import { AppError } from '@photocloud/kit';
import type { GoogleVerifier } from '../services/google.service.ts';
import { contextOf, replySignIn } from './http-context.ts';
import type { RouteDeps } from './deps.ts';

/** Google Identity Services posts its redirect-mode answer as a form with this double-submit cookie. */
const GIS_CSRF = 'g_csrf_token';

export async function providerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Only this plugin's routes read forms (the GIS redirect post).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const google = (): GoogleVerifier => {
    if (!deps.google) throw new AppError('PROVIDER_NOT_CONFIGURED');
    return deps.google;
  };

  app.get('/auth/providers', async (): Promise<ProvidersResponse> => ({
    password: true,
    magicLink: true,
    passkey: true,
    google: deps.google ? { clientId: deps.google.clientId } : null,
    franceconnect: deps.franceConnect !== undefined,
  }));

  // Seed 000 passes the token in the query; POST keeps it out of access logs. Both are accepted.
  app.get<{ Querystring: GoogleTokenQuery }>('/auth/google', { schema: { querystring: GoogleTokenQuery } }, async (req, reply) => {
    const profile = await google().verify(req.query.token, req.query.nonce);
    return replySignIn(req, reply, await deps.identities.signIn(profile, contextOf(req)), deps.cookie);
  });

  app.post<{ Body: GoogleTokenRequest }>('/auth/google', { schema: { body: GoogleTokenRequest } }, async (req, reply) => {
    const profile = await google().verify(req.body.token, req.body.nonce);
    return replySignIn(req, reply, await deps.identities.signIn(profile, contextOf(req)), deps.cookie);
  });

  /** GIS redirect mode: a top-level form post; signs in (cookie) and sends the browser to the web app. */
  app.post<{ Body: Record<string, string> }>('/auth/google/callback', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const posted = body[GIS_CSRF];
    const cookie = req.cookies[GIS_CSRF];
    if (typeof posted !== 'string' || !posted || posted !== cookie) throw new AppError('CSRF_CHECK_FAILED');
    const credential = body.credential;
    if (typeof credential !== 'string' || credential.length === 0 || credential.length > 8192) throw new AppError('VALIDATION_FAILED', { message: 'credential is missing.' });
    const profile = await google().verify(credential);
    replySignIn(req, reply, await deps.identities.signIn(profile, contextOf(req)), deps.cookie);
    return reply.redirect('/', 303);
  });

  app.get('/auth/identities', { preHandler: deps.authenticate }, async (req) => deps.identities.list(req.user!.id));

  app.post<{ Body: GoogleTokenRequest }>('/auth/identities/google', { preHandler: deps.authenticate, schema: { body: GoogleTokenRequest } }, async (req, reply) => {
    const profile = await google().verify(req.body.token, req.body.nonce);
    return reply.status(201).send(await deps.identities.link(req.user!.id, profile));
  });

  app.delete<{ Params: ProviderParams }>('/auth/identities/:provider', { preHandler: deps.authenticate, schema: { params: ProviderParams } }, async (req, reply) => {
    await deps.identities.unlink(req.user!.id, req.params.provider);
    return reply.status(204).send();
  });
}
