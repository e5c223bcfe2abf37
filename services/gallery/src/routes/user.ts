import type { FastifyRequest } from 'fastify';
import type { Recipient } from '../stores/share.store.ts';

/** The verified caller's id; every gallery route runs behind `requireUser`. */
export function userId(req: FastifyRequest): string {
  if (!req.user) throw new TypeError('route registered without requireUser');
  return req.user.id;
}

/** The caller as a share recipient: named by account, or by the verified address the token carries. */
export function recipient(req: FastifyRequest): Recipient {
  const id = userId(req);
  return req.user!.email ? { userId: id, email: req.user!.email.toLowerCase() } : { userId: id };
}
