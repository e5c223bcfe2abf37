import type { FastifyInstance } from 'fastify';
import { EmailRequest, RegisterRequest, TokenRequest, UpdateMeRequest } from '@photocloud/contracts';
import { contextOf, replySignIn } from './http-context.ts';
import type { RouteDeps } from './deps.ts';

export async function userRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.post<{ Body: RegisterRequest }>('/auth/register', { schema: { body: RegisterRequest } }, async (req, reply) => {
    return reply.status(202).send(await deps.accounts.register(req.body, contextOf(req)));
  });

  app.post<{ Body: TokenRequest }>('/auth/email/verify', { schema: { body: TokenRequest } }, async (req, reply) => {
    const signIn = await deps.accounts.verifyEmail(req.body.token, contextOf(req));
    return replySignIn(req, reply, signIn, deps.cookie);
  });

  app.post<{ Body: EmailRequest }>('/auth/email/verify/resend', { schema: { body: EmailRequest } }, async (req, reply) => {
    return reply.status(202).send(await deps.accounts.resendVerification(req.body.email, contextOf(req)));
  });

  app.get('/auth/me', { preHandler: deps.authenticate }, async (req) => deps.accounts.getMe(req.user!.id));

  app.patch<{ Body: UpdateMeRequest }>('/auth/me', { preHandler: deps.authenticate, schema: { body: UpdateMeRequest } }, async (req) => {
    return deps.accounts.updateMe(req.user!.id, req.body);
  });
}
