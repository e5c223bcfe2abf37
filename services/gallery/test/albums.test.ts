import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { PreconditionFailed } from '../src/blobs/blob-store.ts';
import { startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

async function upload(stack: TestStack, user: string, seed: number): Promise<string> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: seed, g: 255 - seed, b: (seed * 7) % 256 } } }).png().toBuffer();
  return (await (await uploadRaw(stack, user, png, `s${seed}.png`)).json()).items[0].media.id;
}

interface IndexJson {
  version: number;
  album: { id: string; name: string; coverMediaId: string | null };
  media: Array<{ id: string; key: string; sha256: string }>;
}

forEachDialect('gallery albums', (ctx) =>
  describe('albums and their index.json', () => {
    let stack: TestStack;
    const media: string[] = [];
    let albumId = '';
    const readIndex = async (user: string, id: string): Promise<IndexJson | null> => {
      try {
        const out = await stack.s3Client.send(new GetObjectCommand({ Bucket: 'photocloud', Key: `users/${user}/albums/${id}/index.json` }));
        return JSON.parse(await out.Body!.transformToString()) as IndexJson;
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    };

    before(async () => {
      stack = await startStack(ctx);
      for (let i = 0; i < 12; i++) media.push(await upload(stack, 'vera', i * 20));
    });
    after(() => stack?.close());

    it('creates an album and writes its index.json with no copy of the photos', async () => {
      const res = await stack.api('vera', '/albums', { method: 'POST', json: { name: ' Summer ', description: 'Beach' } });
      assert.equal(res.status, 201);
      const album = await res.json();
      albumId = album.id;
      assert.deepEqual([album.name, album.mediaCount, album.mediaPath], ['Summer', 0, `users/vera/albums/${album.id}/index.json`]);
      const index = await readIndex('vera', album.id);
      assert.deepEqual([index?.version, index?.album.name, index?.media], [1, 'Summer', []]);
      assert.equal((await stack.api('vera', '/albums', { method: 'POST', json: { name: '' } })).status, 400);
    });

    it('adds and removes media in bulk, keeps order, cover and counts, and mirrors each change in index.json', async () => {
      let res = await stack.api('vera', `/albums/${albumId}/media`, { method: 'POST', json: { mediaIds: [media[0], media[1], media[2], media[1]] } });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).mediaCount, 3);
      res = await stack.api('vera', `/albums/${albumId}/order`, { method: 'PUT', json: { mediaIds: [media[2], media[0]] } });
      assert.equal(res.status, 200);
      assert.deepEqual((await readIndex('vera', albumId))?.media.map((m) => m.id), [media[2], media[0], media[1]]);
      const entry = (await readIndex('vera', albumId))!.media[0]!;
      assert.match(entry.key, /^users\/vera\/originals\/\d{4}\/\d{2}\//);

      res = await stack.api('vera', `/albums/${albumId}`, { method: 'PATCH', json: { coverMediaId: media[0], name: 'Summer 2024' } });
      assert.equal((await res.json()).coverMediaId, media[0]);
      assert.equal((await stack.api('vera', `/albums/${albumId}`, { method: 'PATCH', json: { coverMediaId: media[5] } })).status, 404, 'cover must be in the album');
      res = await stack.api('vera', `/albums/${albumId}/media`, { method: 'DELETE', json: { mediaIds: [media[0]] } });
      const after = await res.json();
      assert.deepEqual([after.mediaCount, after.coverMediaId], [2, null]);
      const index = await readIndex('vera', albumId);
      assert.deepEqual([index?.album.name, index?.media.map((m) => m.id)], ['Summer 2024', [media[2], media[1]]]);

      // A media in many albums; the album filter of the timeline.
      const other = await (await stack.api('vera', '/albums', { method: 'POST', json: { name: 'Best of' } })).json();
      await stack.api('vera', `/albums/${other.id}/media`, { method: 'POST', json: { mediaIds: [media[1]] } });
      const detail = await (await stack.api('vera', `/media/${media[1]}`)).json();
      assert.deepEqual(new Set(detail.albumIds), new Set([albumId, other.id]));
      const inAlbum = await (await stack.api('vera', `/media?albumId=${other.id}`)).json();
      assert.deepEqual(inAlbum.items.map((m: { id: string }) => m.id), [media[1]]);
      const list = await (await stack.api('vera', '/albums')).json();
      assert.equal(list.items.length, 2);
    });

    it('drops trashed media from the index and brings them back on restore', async () => {
      await stack.api('vera', `/media/${media[2]}`, { method: 'DELETE' });
      assert.deepEqual((await readIndex('vera', albumId))?.media.map((m) => m.id), [media[1]]);
      assert.equal((await (await stack.api('vera', `/albums/${albumId}`)).json()).mediaCount, 1);
      assert.equal((await stack.api('vera', `/albums/${albumId}/media`, { method: 'POST', json: { mediaIds: [media[2]] } })).status, 404, 'trashed media cannot be added');
      await stack.api('vera', '/trash/restore', { method: 'POST', json: {} });
      assert.deepEqual((await readIndex('vera', albumId))?.media.map((m) => m.id), [media[2], media[1]]);
    });

    it('loses no entry when many additions race', async () => {
      const album = await (await stack.api('vera', '/albums', { method: 'POST', json: { name: 'Race' } })).json();
      const batch = media.slice(3, 12);
      const results = await Promise.all(batch.map((id) => stack.api('vera', `/albums/${album.id}/media`, { method: 'POST', json: { mediaIds: [id] } })));
      assert.deepEqual(results.map((r) => r.status), batch.map(() => 200));
      const index = await readIndex('vera', album.id);
      assert.deepEqual(new Set(index?.media.map((m) => m.id)), new Set(batch));
    });

    it('refuses a write conditioned on a stale ETag', async (t) => {
      const blobs = stack.gallery.gallery.blobs;
      const key = 'users/vera/albums/etag-probe/index.json';
      const first = await blobs.put(key, '{"v":1}', { contentType: 'application/json', ifNoneMatch: '*' });
      await blobs.put(key, '{"v":2}', { contentType: 'application/json', ifMatch: first.etag });
      const stale = blobs.put(key, '{"v":3}', { contentType: 'application/json', ifMatch: first.etag });
      const created = blobs.put(key, '{"v":4}', { contentType: 'application/json', ifNoneMatch: '*' });
      const outcomes = await Promise.allSettled([stale, created]);
      if (outcomes.some((o) => o.status === 'fulfilled')) {
        t.todo('the S3 service does not evaluate If-Match / If-None-Match on PutObject yet');
        return;
      }
      for (const o of outcomes) assert.ok(o.status === 'rejected' && o.reason instanceof PreconditionFailed);
    });

    it('deletes an album and its index.json, never the photos', async () => {
      assert.equal((await stack.api('vera', `/albums/${albumId}`, { method: 'DELETE' })).status, 204);
      assert.equal(await readIndex('vera', albumId), null);
      assert.equal((await stack.api('vera', `/albums/${albumId}`)).status, 404);
      assert.equal((await stack.api('vera', `/media/${media[1]}`)).status, 200);
    });
  }),
);
