import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

forEachDialect('gallery authorization', (ctx) =>
  describe("another user's ids", () => {
    let stack: TestStack;
    let theirMedia = '';
    let theirTrashed = '';
    let theirAlbum = '';
    let theirUpload = '';
    let myMedia = '';
    let myAlbum = '';

    before(async () => {
      stack = await startStack(ctx);
      const png = (c: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: c, g: c, b: c } } }).png().toBuffer();
      theirMedia = (await (await uploadRaw(stack, 'owner', await png(10), 'a.png')).json()).items[0].media.id;
      theirTrashed = (await (await uploadRaw(stack, 'owner', await png(20), 'b.png')).json()).items[0].media.id;
      await stack.api('owner', `/media/${theirTrashed}`, { method: 'DELETE' });
      theirAlbum = (await (await stack.api('owner', '/albums', { method: 'POST', json: { name: 'Private' } })).json()).id;
      const added = await stack.api('owner', `/albums/${theirAlbum}/media`, { method: 'POST', json: { mediaIds: [theirMedia] } });
      assert.equal(added.status, 200, await added.clone().text());
      theirUpload = (await (await stack.api('owner', '/uploads', { method: 'POST', json: { filename: 'x.jpg', size: 10 } })).json()).id;
      myMedia = (await (await uploadRaw(stack, 'intruder', await png(30), 'mine.png')).json()).items[0].media.id;
      myAlbum = (await (await stack.api('intruder', '/albums', { method: 'POST', json: { name: 'Mine' } })).json()).id;
      await stack.runJobs();
    });
    after(() => stack?.close());

    it('answers 404 on every route that takes an id, and changes nothing', async () => {
      const probes: Array<[string, string, unknown?]> = [
        ['GET', `/media/${theirMedia}`],
        ['PATCH', `/media/${theirMedia}`, { isFavorite: true, description: 'mine now' }],
        ['DELETE', `/media/${theirMedia}`],
        ['GET', `/jobs?mediaId=${theirMedia}`],
        ['GET', `/media?albumId=${theirAlbum}`],
        ['GET', `/media/buckets?albumId=${theirAlbum}`],
        ['POST', '/trash/restore', { mediaIds: [theirTrashed] }],
        ['GET', `/albums/${theirAlbum}`],
        ['PATCH', `/albums/${theirAlbum}`, { name: 'Hijacked' }],
        ['DELETE', `/albums/${theirAlbum}`],
        ['POST', `/albums/${theirAlbum}/media`, { mediaIds: [myMedia] }],
        ['DELETE', `/albums/${theirAlbum}/media`, { mediaIds: [theirMedia] }],
        ['PUT', `/albums/${theirAlbum}/order`, { mediaIds: [theirMedia] }],
        ['POST', `/albums/${myAlbum}/media`, { mediaIds: [theirMedia] }],
        ['PATCH', `/albums/${myAlbum}`, { coverMediaId: theirMedia }],
        ['POST', `/uploads/${theirUpload}/complete`],
        ['POST', `/uploads/${theirUpload}/parts`, { partNumbers: [1] }],
        ['DELETE', `/uploads/${theirUpload}`],
      ];
      for (const [method, path, json] of probes) {
        const res = await stack.api('intruder', path, { method, ...(json ? { json } : {}) });
        assert.equal(res.status, 404, `${method} ${path}`);
        const text = await res.text();
        assert.ok(!text.includes('a.png') && !text.includes('Private') && !text.includes('users/owner'), `${method} ${path} leaked: ${text}`);
      }
      const mine = await (await stack.api('intruder', '/media')).json();
      assert.deepEqual(mine.items.map((m: { id: string }) => m.id), [myMedia]);
      assert.deepEqual((await (await stack.api('intruder', '/trash')).json()).items, []);
      assert.deepEqual((await (await stack.api('intruder', '/albums')).json()).items.map((a: { id: string }) => a.id), [myAlbum]);

      const media = await (await stack.api('owner', `/media/${theirMedia}`)).json();
      assert.deepEqual([media.isFavorite, media.description, media.trashedAt], [false, null, null]);
      const album = await (await stack.api('owner', `/albums/${theirAlbum}`)).json();
      assert.deepEqual([album.name, album.mediaCount], ['Private', 1]);
      assert.equal((await (await stack.api('owner', '/trash')).json()).items.length, 1);
      // Their announced upload is still theirs to finish: not cancelled by the intruder's DELETE.
      const complete = await stack.api('owner', `/uploads/${theirUpload}/complete`, { method: 'POST' });
      assert.equal(((await complete.json()) as { error: { code: string } }).error.code, 'UPLOAD_INCOMPLETE');
    });

    it('does not tell another user which hashes exist', async () => {
      const media = await (await stack.api('owner', `/media/${theirMedia}`)).json();
      const res = await stack.api('intruder', '/media/check', { method: 'POST', json: { hashes: [media.hash] } });
      assert.deepEqual(await res.json(), { existing: [] });
    });

    it('refuses every route without a valid token', async () => {
      for (const path of ['/media', `/media/${theirMedia}`, '/albums', '/trash', '/jobs']) {
        assert.equal((await fetch(stack.url + path)).status, 401, path);
        assert.equal((await fetch(stack.url + path, { headers: { authorization: 'Bearer not.a.jwt' } })).status, 401, path);
      }
    });
  }),
);
