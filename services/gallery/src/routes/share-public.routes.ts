import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { Type } from '@sinclair/typebox';
import { ShareViewQuery, UnlockShareRequest } from '@photocloud/contracts';
import type { Gallery } from '../wiring.ts';

/** The unlocked-share session cookie; its path is the share's own API path, so it is only ever sent there. */
export const SHARE_COOKIE = 'pc_share';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const ItemParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), mediaId: Type.String({ minLength: 1, maxLength: 64 }) });
type Token = { token: string };

const session = (req: FastifyRequest): string | undefined => req.cookies[SHARE_COOKIE];

/** What a share link opens, without an account: the share's items, its unlock, and downloads. */
export function sharePublicRoutes(gallery: Gallery): FastifyPluginAsync {
  return async (app) => {
    await app.register(cookie);
    // The link's secret is in the path: keep these requests out of the info-level access log.
    app.addHook('onRoute', (route) => void (route.logLevel = 'warn'));
    // No cache anywhere: the answer depends on the share's state at this moment (revocation is immediate).
    app.addHook('onSend', async (_req, reply) => void reply.header('cache-control', 'no-store'));
    const view = async (req: FastifyRequest) => gallery.shareAccess.view((req.params as Token).token, session(req), req.query as ShareViewQuery);
    app.get('/public/shares/:token', { schema: { params: TokenParams, querystring: ShareViewQuery } }, view);
    // API clients reaching the link itself get the same JSON (browsers get the web app from the gateway).
    app.get('/s/:token', { schema: { params: TokenParams, querystring: ShareViewQuery } }, view);
    app.post('/public/shares/:token/unlock', { schema: { params: TokenParams, body: UnlockShareRequest } }, async (req, reply) => {
      const { token } = req.params as Token;
      const s = await gallery.shareAccess.unlock(token, (req.body as UnlockShareRequest).code, req.ip);
      reply.setCookie(SHARE_COOKIE, s.value, { path: `/public/shares/${token}`, httpOnly: true, sameSite: 'lax', secure: secureCookie(gallery.shareAccess.secureCookie, req), expires: s.expiresAt });
      return { unlocked: true, expiresAt: s.expiresAt.toISOString() };
    });
    app.get('/public/shares/:token/items/:mediaId/original', { schema: { params: ItemParams } }, async (req, reply) => {
      const { token, mediaId } = req.params as Token & { mediaId: string };
      const file = await gallery.shareAccess.original(token, session(req), mediaId);
      return reply.type(file.contentType).header('content-disposition', attachment(file.filename)).send(file.stream);
    });
    app.get('/public/shares/:token/download', { schema: { params: TokenParams } }, async (req, reply) => {
      const zip = await gallery.shareAccess.download((req.params as Token).token, session(req));
      return reply.type('application/zip').header('content-disposition', attachment(zip.filename)).send(zip.stream);
    });
  };
}

/** A Content-Disposition that survives any file name (ASCII fallback plus RFC 5987 UTF-8). */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A Secure cookie is dropped by browsers on plain HTTP (a LAN address): set it when the viewer came over HTTPS. */
function secureCookie(mode: 'auto' | 'always' | 'never', req: FastifyRequest): boolean {
  return mode === 'always' || (mode === 'auto' && req.protocol === 'https');
}
