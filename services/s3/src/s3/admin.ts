import type { IncomingMessage, ServerResponse } from 'node:http';
import { PolicyError, parsePolicyDocument } from '../iam/policy-document.ts';
import { authenticate } from './authenticate.ts';
import type { S3Deps } from './context.ts';
import { isS3Error } from './errors.ts';
import { readSmallBody } from './request-body.ts';

/** Admin HTTP API prefix: `_` cannot start a bucket name, so no path-style request collides with it. */
export const ADMIN_PREFIX = '/_admin/';

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': buf.length });
  res.end(buf);
}

const PRINCIPAL = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/;

function parseCreate(body: Buffer): { owner: string; policy: unknown; description: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AdminError(400, 'invalid_json', 'the body must be a JSON object');
  }
  if (typeof doc !== 'object' || doc === null) throw new AdminError(400, 'invalid_json', 'the body must be a JSON object');
  const { owner, policy, description = '' } = doc as Record<string, unknown>;
  if (typeof owner !== 'string' || !PRINCIPAL.test(owner)) throw new AdminError(400, 'invalid_owner', 'owner must be 1-128 characters: letters, digits, . _ @ : -');
  if (owner === 'root') throw new AdminError(400, 'invalid_owner', 'owner "root" is reserved for the root key');
  if (typeof description !== 'string' || description.length > 256) throw new AdminError(400, 'invalid_description', 'description must be a string of at most 256 characters');
  try {
    parsePolicyDocument(policy);
  } catch (err) {
    if (err instanceof PolicyError) throw new AdminError(400, 'invalid_policy', `invalid policy: ${err.message}`);
    throw err;
  }
  return { owner, policy, description };
}

/**
 * The key admin API (root key only, SigV4-signed like any S3 request):
 * POST /_admin/keys {owner, policy, description?} → 201 with the secret (shown once);
 * GET /_admin/keys[?owner=] → {keys}; DELETE /_admin/keys/<id> → 204;
 * POST /_admin/principals/<principal>/revoke-sessions → 204 (temporary credentials issued before now stop working).
 */
export async function handleAdmin(deps: S3Deps, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  try {
    const ctx = await authenticate(deps, req, res, requestId);
    if (ctx.key.kind !== 'root') throw new AdminError(403, 'forbidden', 'the admin API takes the root key only');
    const url = new URL(req.url ?? '/', 'http://admin');
    const path = url.pathname.slice(ADMIN_PREFIX.length).split('/').map(decodeURIComponent);
    const body = await readSmallBody(ctx, 256 * 1024);
    const store = deps.accessKeys;
    if (path[0] === 'keys' && path.length === 1 && req.method === 'POST') {
      const input = parseCreate(body);
      sendJson(res, 201, await store.create({ ...input, now: deps.clock.now() }));
    } else if (path[0] === 'keys' && path.length === 1 && req.method === 'GET') {
      sendJson(res, 200, { keys: await store.list(url.searchParams.get('owner') ?? undefined) });
    } else if (path[0] === 'keys' && path.length === 2 && req.method === 'DELETE') {
      if (!(await store.revoke(path[1]!))) throw new AdminError(404, 'not_found', `no access key ${path[1]}`);
      res.writeHead(204).end();
    } else if (path[0] === 'principals' && path.length === 3 && path[2] === 'revoke-sessions' && req.method === 'POST') {
      await store.revokeSessions(path[1]!, deps.clock.now());
      res.writeHead(204).end();
    } else {
      throw new AdminError(404, 'not_found', `no admin route ${req.method} ${url.pathname}`);
    }
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    let e: AdminError;
    if (err instanceof AdminError) e = err;
    else if (isS3Error(err)) e = new AdminError(err.status, err.code, err.message);
    else {
      deps.log.error({ err, requestId }, 'S3 admin request failed');
      e = new AdminError(500, 'internal', 'internal error');
    }
    sendJson(res, e.status, { error: { code: e.code, message: e.message, requestId } });
  }
}
