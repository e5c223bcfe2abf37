import type { FastifyInstance } from 'fastify';
import { EmailRequest, MagicLinkQuery, TokenRequest } from '@photocloud/contracts';
import { contextOf, replySignIn } from './http-context.ts';
import type { RouteDeps } from './deps.ts';

export async function magicLinkRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Seed 000's endpoint is a GET with the address in the query; POST keeps it out of access logs.
  app.get<{ Querystring: MagicLinkQuery }>('/auth/magic-link/request', { schema: { querystring: MagicLinkQuery } }, async (req, reply) => {
    return reply.status(202).send(await deps.signIn.requestMagicLink(req.query.email, contextOf(req)));
  });

  app.post<{ Body: EmailRequest }>('/auth/magic-link/request', { schema: { body: EmailRequest } }, async (req, reply) => {
    return reply.status(202).send(await deps.signIn.requestMagicLink(req.body.email, contextOf(req)));
  });

  app.post<{ Body: TokenRequest }>('/auth/magic-link/verify', { schema: { body: TokenRequest } }, async (req, reply) => {
    const signIn = await deps.signIn.consumeMagicLink(req.body.token, contextOf(req));
    return replySignIn(req, reply, signIn, deps.cookie);
  });
}
