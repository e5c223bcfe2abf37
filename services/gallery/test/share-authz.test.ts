import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

forEachDialect('gallery share authorization', (ctx) =>
  describe("another user's share ids", () => {
    let stack: TestStack;
    let shareId = '';
    let albumId = '';
    let mediaId = '';
    const snapshot = async () => (await stack.api('olga', `/shares/${shareId}`)).json();

    before(async () => {
      stack = await startStack(ctx);
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#135' } }).png().toBuffer();
      mediaId = (await (await uploadRaw(stack, 'olga', png, 'a.png')).json()).items[0].media.id;
      albumId = (await (await stack.api('olga', '/albums', { method: 'POST', json: { name: 'Mine' } })).json()).id;
      await stack.api('olga', `/albums/${albumId}/media`, { method: 'POST', json: { mediaIds: [mediaId] } });
      shareId = (await (await stack.api('olga', '/shares', { method: 'POST', json: { albumId, code: 'owner-code', label: 'Olga' } })).json()).id;
    });
    after(() => stack?.close());

    it('answers 404 on every owner route and changes nothing', async () => {
      const before = await snapshot();
      const routes: Array<[string, string, unknown?]> = [
        ['GET', `/shares/${shareId}`],
        ['PATCH', `/shares/${shareId}`, { label: 'mine now' }],
        ['PATCH', `/shares/${shareId}`, { code: null }],
        ['PATCH', `/shares/${shareId}`, { expiresAt: new Date(stack.clock.now().getTime() + 86400000).toISOString() }],
        ['DELETE', `/shares/${shareId}`],
      ];
      for (const [method, path, json] of routes) {
        const res = await stack.api('mallory', path, { method, ...(json ? { json } : {}) });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal((await res.json()).error.code, 'SHARE_NOT_FOUND');
      }
      assert.deepEqual(await snapshot(), before);
      assert.deepEqual((await (await stack.api('mallory', '/shares')).json()).items, []);
      assert.deepEqual((await (await stack.api('mallory', '/shares/received')).json()).items, []);
    });

    it("refuses to share another user's album or media", async () => {
      let res = await stack.api('mallory', '/shares', { method: 'POST', json: { albumId } });
      assert.deepEqual([res.status, (await res.json()).error.code], [404, 'ALBUM_NOT_FOUND']);
      res = await stack.api('mallory', '/shares', { method: 'POST', json: { mediaIds: [mediaId] } });
      assert.deepEqual([res.status, (await res.json()).error.code], [404, 'MEDIA_NOT_FOUND']);
      assert.deepEqual((await (await stack.api('mallory', '/shares')).json()).items, []);
    });

    it('requires a signed-in caller on owner routes', async () => {
      for (const [method, path] of [['GET', '/shares'], ['POST', '/shares'], ['GET', '/shares/received'], ['GET', `/shares/${shareId}`], ['DELETE', `/shares/${shareId}`]] as const) {
        assert.equal((await fetch(stack.url + path, { method })).status, 401, `${method} ${path}`);
      }
      assert.equal((await snapshot()).status, 'active');
    });
  }),
);
