import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import replyFrom from '@fastify/reply-from';
import { AppError, toErrorBody } from '@photocloud/kit';

/**
 * Streams requests to an upstream service unchanged (bodies are never parsed or buffered here),
 * adding the request id and the forwarded client address.
 */
export async function registerProxy(app: FastifyInstance): Promise<void> {
  // Hand bodies through as raw streams: uploads of several GB pass without being read here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  await app.register(replyFrom, { undici: { connections: 64, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 } });
}

export function forward(req: FastifyRequest, reply: FastifyReply, base: string | undefined, name: string): FastifyReply {
  if (!base) throw new AppError('SERVICE_UNAVAILABLE', { message: `The ${name} service is not configured.` });
  return reply.from(base + req.url, {
    rewriteRequestHeaders: (r, headers) => ({
      ...headers,
      'x-request-id': r.id,
      'x-forwarded-for': r.ip,
      'x-forwarded-proto': r.protocol,
      'x-forwarded-host': r.headers.host ?? '',
    }),
    onError: (rep, { error }) => {
      rep.request.log.error({ err: error, upstream: name }, 'upstream request failed');
      const err = new AppError('UPSTREAM_FAILED', { message: `The ${name} service did not answer.` });
      if (!rep.sent) void rep.status(502).send(toErrorBody(err, rep.request.id));
    },
  });
}
