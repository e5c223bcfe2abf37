import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { ERROR_CATALOG, type ErrorBody } from '@photocloud/contracts';
import type { Logger } from '../log.ts';
import { isAppError } from '../errors.ts';

export interface HttpAppOptions {
  log: Logger;
  /** Largest JSON body accepted (bytes). */
  bodyLimit?: number;
  /** Trust X-Forwarded-* from a proxy in front: true, or the proxies' addresses / CIDRs / 'loopback'. */
  trustProxy?: boolean | string | string[];
  /** Readiness probe; `/readyz` answers 503 with the failing checks when it throws. */
  ready?: () => Promise<Record<string, 'ok'>>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

// Secrets that travel in URLs: share-link tokens in the path, one-time tokens and signatures in the query.
const SECRET_PATH = /^(\/s|\/public\/shares|\/shares\/received)\/[^/?]+/;
const SECRET_QUERY = /([?&](?:token|code|secret|credential|g_csrf_token|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&]*/gi;

/** A request URL fit for a log line. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1/[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

const logSerializers = {
  req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip }),
};

/**
 * A Fastify app with the house plumbing: request ids (kept from `x-request-id` when sane),
 * the one JSON error shape, a JSON 404, `/healthz` and `/readyz`.
 */
export function createHttpApp(opts: HttpAppOptions): FastifyInstance {
  const options: FastifyServerOptions = {
    loggerInstance: opts.log.child({}, { serializers: logSerializers }),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  };
  const app = Fastify(options) as unknown as FastifyInstance;

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const body = toErrorBody(err, req.id);
    const status = isAppError(err) ? err.status : statusOf(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: body.error.code, msg: err.message }, 'request rejected');
    if (isAppError(err) && err.headers) reply.headers(err.headers);
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    const body: ErrorBody = {
      error: { code: 'ROUTE_NOT_FOUND', message: `No route for ${req.method} ${req.url.split('?')[0]}.`, requestId: req.id },
    };
    return reply.status(404).send(body);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (!opts.ready) return { status: 'ok', checks: {} };
    try {
      return { status: 'ok', checks: await opts.ready() };
    } catch (err) {
      return reply.status(503).send({
        status: 'unavailable',
        error: { code: 'SERVICE_UNAVAILABLE', message: (err as Error).message },
      });
    }
  });
  return app;
}

function statusOf(err: FastifyError): number {
  const s = err.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

/** Maps any thrown value to the public error body without leaking internals. */
export function toErrorBody(err: FastifyError | Error, requestId: string): ErrorBody {
  if (isAppError(err)) {
    return { error: { code: err.code, message: err.message, requestId, ...(err.details ? { details: err.details } : {}) } };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    return { error: { code: 'VALIDATION_FAILED', message: fe.message, requestId, details: fe.validation } };
  }
  const status = statusOf(fe);
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (status === 400 && err instanceof SyntaxError)) {
    return { error: { code: 'BAD_JSON', message: ERROR_CATALOG.BAD_JSON.message, requestId } };
  }
  if (status === 413) return { error: { code: 'PAYLOAD_TOO_LARGE', message: ERROR_CATALOG.PAYLOAD_TOO_LARGE.message, requestId } };
  if (status === 415) return { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: fe.message, requestId } };
  if (status === 404) return { error: { code: 'NOT_FOUND', message: ERROR_CATALOG.NOT_FOUND.message, requestId } };
  if (status === 429) return { error: { code: 'RATE_LIMITED', message: ERROR_CATALOG.RATE_LIMITED.message, requestId } };
  if (status < 500) return { error: { code: 'VALIDATION_FAILED', message: fe.message, requestId } };
  return { error: { code: 'INTERNAL', message: ERROR_CATALOG.INTERNAL.message, requestId } };
}
