import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths that are never the app, even for a browser: the API's own documents, and the API's redirect to FranceConnect. */
const NEVER_APP = ['/healthz', '/readyz', '/metrics', '/.well-known/', '/auth/franceconnect/login'];

/**
 * A GET the browser makes to show a page (its Accept puts text/html first), as opposed to the
 * app's own API calls to the same paths (`/albums/42` is both a page and an API resource).
 */
export function isPageNavigation(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const accept = req.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  if (html < 0) return false;
  const json = accept.indexOf('application/json');
  if (json >= 0 && json < html) return false;
  const path = req.url.split('?')[0]!;
  return !NEVER_APP.some((p) => path === p || path.startsWith(p));
}

/**
 * Serves the built web app from `root`: hashed assets cached for a year, `index.html` (never
 * cached) for every page navigation so app URLs can be reloaded and shared.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built: the gateway serves the API only (run npm run build:web)');
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    cacheControl: false,
    // Vite names assets by content hash: they never change. Everything else is revalidated.
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.addHook('onRequest', async (req, reply) => {
    if (isPageNavigation(req) && !req.url.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
  });
  return true;
}
