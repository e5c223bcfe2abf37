import type { FastifyInstance } from 'fastify';
import { ChangePasswordRequest, EmailRequest, ResetPasswordRequest } from '@photocloud/contracts';
import { contextOf } from './http-context.ts';
import type { RouteDeps } from './deps.ts';

export async function passwordRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.post<{ Body: EmailRequest }>('/auth/password/forgot', { schema: { body: EmailRequest } }, async (req, reply) => {
    return reply.status(202).send(await deps.recovery.forgot(req.body.email, contextOf(req)));
  });

  /** No sign-in after a reset (OWASP): the client goes to the login page. */
  app.post<{ Body: ResetPasswordRequest }>('/auth/password/reset', { schema: { body: ResetPasswordRequest } }, async (req, reply) => {
    await deps.recovery.reset(req.body.token, req.body.password, req.body.signOutEverywhere);
    return reply.status(204).send();
  });

  app.post<{ Body: ChangePasswordRequest }>(
    '/auth/password/change',
    { preHandler: deps.authenticate, schema: { body: ChangePasswordRequest } },
    async (req, reply) => {
      const { currentPassword, newPassword, signOutOtherSessions } = req.body;
      await deps.recovery.change(req.user!.id, req.user!.sessionId, currentPassword, newPassword, signOutOtherSessions);
      return reply.status(204).send();
    },
  );
}
