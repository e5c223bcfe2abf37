import type { FastifyRequest } from 'fastify';

/** The verified caller's id; every gallery route runs behind `requireUser`. */
export function userId(req: FastifyRequest): string {
  if (!req.user) throw new TypeError('route registered without requireUser');
  return req.user.id;
}
