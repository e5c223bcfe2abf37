import type { FastifyInstance } from 'fastify';
import { PasskeyIdParams, PasskeyLoginFinishRequest, PasskeyLoginQuery, PasskeyRegisterFinishRequest, RenamePasskeyRequest } from '@photocloud/contracts';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { contextOf, replySignIn } from './http-context.ts';
import type { RouteDeps } from './deps.ts';

export async function passkeyRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const noStore = { 'cache-control': 'no-store' };

  app.post('/auth/passkey/register/begin', { preHandler: deps.authenticate }, async (req, reply) => {
    return reply.headers(noStore).send(await deps.passkeys.registerBegin(req.user!.id));
  });

  app.post<{ Body: PasskeyRegisterFinishRequest }>('/auth/passkey/register/finish', { preHandler: deps.authenticate, schema: { body: PasskeyRegisterFinishRequest } }, async (req, reply) => {
    const passkey = await deps.passkeys.registerFinish(req.user!.id, req.body.response as RegistrationResponseJSON, req.body.name);
    return reply.status(201).send(passkey);
  });

  // Seed 000: GET with the email; without it, a usernameless (discoverable credential) sign-in.
  app.get<{ Querystring: PasskeyLoginQuery }>('/auth/passkey/login/begin', { schema: { querystring: PasskeyLoginQuery } }, async (req, reply) => {
    return reply.headers(noStore).send(await deps.passkeys.loginBegin(req.query.email, contextOf(req)));
  });

  app.post<{ Body: PasskeyLoginFinishRequest }>('/auth/passkey/login/finish', { schema: { body: PasskeyLoginFinishRequest } }, async (req, reply) => {
    const signIn = await deps.passkeys.loginFinish(req.body.response as AuthenticationResponseJSON, contextOf(req));
    return replySignIn(req, reply, signIn, deps.cookie);
  });

  app.get('/auth/passkeys', { preHandler: deps.authenticate }, async (req) => deps.passkeys.list(req.user!.id));

  app.patch<{ Params: PasskeyIdParams; Body: RenamePasskeyRequest }>(
    '/auth/passkeys/:id',
    { preHandler: deps.authenticate, schema: { params: PasskeyIdParams, body: RenamePasskeyRequest } },
    async (req) => deps.passkeys.rename(req.user!.id, req.params.id, req.body.name),
  );

  app.delete<{ Params: PasskeyIdParams }>('/auth/passkeys/:id', { preHandler: deps.authenticate, schema: { params: PasskeyIdParams } }, async (req, reply) => {
    await deps.passkeys.delete(req.user!.id, req.params.id);
    return reply.status(204).send();
  });
}
