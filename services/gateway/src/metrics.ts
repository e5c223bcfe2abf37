import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics at `/metrics`: request counts and latencies per upstream, plus process metrics. */
export function registerMetrics(app: FastifyInstance): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'photocloud_gateway_' });
  const duration = new Histogram({
    name: 'photocloud_http_request_duration_seconds',
    help: 'Time to answer a request, by upstream, method and status class',
    labelNames: ['upstream', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'photocloud_http_errors_total',
    help: 'Responses with a 5xx status, by upstream',
    labelNames: ['upstream'] as const,
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const upstream = req.routeOptions.config?.upstream ?? 'gateway';
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    duration.observe({ upstream, method: req.method, status }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ upstream });
  });
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
