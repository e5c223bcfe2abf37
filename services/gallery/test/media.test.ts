import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { jpegWithExif } from './helpers/images.ts';
import { startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

const DAY = 24 * 60 * 60 * 1000;

/** A distinct small JPEG taken at `takenAt` (EXIF format). */
async function photo(stack: TestStack, user: string, takenAt: string, seed: number): Promise<string> {
  const pixels = await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: seed * 7 % 256, g: seed * 13 % 256, b: seed * 29 % 256 } } }).raw().toBuffer();
  const jpeg = await jpegWithExif({ width: 24, height: 16, takenAt, pixels });
  const res = await uploadRaw(stack, user, jpeg, `p${seed}.jpg`);
  assert.equal(res.status, 200);
  return (await res.json()).items[0].media.id;
}

forEachDialect('gallery timeline and trash', (ctx) =>
  describe('GET /media, /media/buckets, /media/:id, PATCH, DELETE, /trash, /jobs', () => {
    let stack: TestStack;
    const ids: string[] = [];
    before(async () => {
      stack = await startStack(ctx);
      const dates = ['2024:05:01 10:00:00', '2024:05:20 10:00:00', '2024:04:02 10:00:00', '2023:12:31 23:00:00', '2023:12:01 08:00:00'];
      for (const [i, d] of dates.entries()) ids.push(await photo(stack, 'tina', d, i + 1));
      await photo(stack, 'ulf', '2024:05:10 10:00:00', 99);
      await stack.runJobs();
    });
    after(() => stack?.close());

    it('pages the timeline newest first with a cursor, stable while photos arrive', async () => {
      const first = await (await stack.api('tina', '/media?limit=2')).json();
      assert.deepEqual(first.items.map((m: { id: string }) => m.id), [ids[1], ids[0]]);
      assert.ok(first.nextCursor);
      // A photo older than the first page arrives between two page loads; it shows up in its place.
      const late = await photo(stack, 'tina', '2024:04:15 12:00:00', 42);
      const second = await (await stack.api('tina', `/media?limit=2&cursor=${first.nextCursor}`)).json();
      assert.deepEqual(second.items.map((m: { id: string }) => m.id), [late, ids[2]]);
      const rest = await (await stack.api('tina', `/media?limit=10&cursor=${second.nextCursor}`)).json();
      assert.deepEqual(rest.items.map((m: { id: string }) => m.id), [ids[3], ids[4]]);
      assert.equal(rest.nextCursor, null);
      const bad = await stack.api('tina', '/media?cursor=garbage');
      assert.equal(bad.status, 400);
      assert.equal((await bad.json()).error.code, 'INVALID_CURSOR');
      assert.equal((await stack.api('tina', '/media?limit=0')).status, 400);
    });

    it('filters by date range and kind, and counts per month', async () => {
      const range = await (await stack.api('tina', '/media?from=2024-01-01T00:00:00Z&to=2024-05-01T00:00:00Z')).json();
      assert.equal(range.items.length, 2);
      assert.deepEqual((await (await stack.api('tina', '/media?kind=video')).json()).items, []);
      const { buckets } = await (await stack.api('tina', '/media/buckets')).json();
      assert.deepEqual(buckets, [
        { month: '2024-05', count: 2 },
        { month: '2024-04', count: 2 },
        { month: '2023-12', count: 2 },
      ]);
    });

    it('marks favorites, describes, and corrects taken-at', async () => {
      const res = await stack.api('tina', `/media/${ids[3]}`, { method: 'PATCH', json: { isFavorite: true, description: 'New year', takenAt: '2022-01-01T00:00:00+01:00' } });
      assert.equal(res.status, 200);
      const m = await res.json();
      assert.deepEqual([m.isFavorite, m.description, m.takenAt, m.takenAtSource], [true, 'New year', '2021-12-31T23:00:00.000Z', 'user']);
      const favs = await (await stack.api('tina', '/media?favorite=true')).json();
      assert.deepEqual(favs.items.map((x: { id: string }) => x.id), [ids[3]]);
      assert.equal((await stack.api('tina', `/media/${ids[3]}`, { method: 'PATCH', json: {} })).status, 400);
      assert.equal((await stack.api('tina', `/media/${ids[3]}`, { method: 'PATCH', json: { isFavorite: 'yes please' } })).status, 400);
      assert.equal((await stack.api('tina', `/media/${ids[3]}`, { method: 'PATCH', json: { owner: 'ulf' } })).status, 400);
    });

    it('moves media to the trash, restores them, and purges the bytes when the trash is emptied', async () => {
      assert.equal((await stack.api('tina', `/media/${ids[0]}`, { method: 'DELETE' })).status, 204);
      assert.equal((await stack.api('tina', `/media/${ids[1]}`, { method: 'DELETE' })).status, 204);
      const timeline = await (await stack.api('tina', '/media')).json();
      assert.ok(!timeline.items.some((m: { id: string }) => m.id === ids[0]));
      const trash = await (await stack.api('tina', '/trash')).json();
      assert.deepEqual(new Set(trash.items.map((m: { id: string }) => m.id)), new Set([ids[0], ids[1]]));
      assert.equal((await stack.api('tina', '/trash/restore', { method: 'POST', json: { mediaIds: [ids[0]] } })).status, 200);
      assert.equal((await (await stack.api('tina', `/media/${ids[0]}`)).json()).trashedAt, null);

      const detail = await (await stack.api('tina', `/media/${ids[1]}`)).json();
      const emptied = await (await stack.api('tina', '/trash/empty', { method: 'POST' })).json();
      assert.deepEqual(emptied, { purging: 1 });
      await stack.runJobs();
      assert.equal((await stack.api('tina', `/media/${ids[1]}`)).status, 404);
      assert.deepEqual(await stack.keys(detail.path), []);
      assert.deepEqual(await stack.keys(`users/tina/derived/${ids[1]}/`), []);
      assert.equal((await fetch(detail.urls.original)).status, 404);
    });

    it(`purges media trashed more than 30 days ago, and only those`, async () => {
      await stack.api('tina', `/media/${ids[2]}`, { method: 'DELETE' });
      stack.clock.advance(10 * DAY);
      await stack.api('tina', `/media/${ids[4]}`, { method: 'DELETE' });
      stack.clock.advance(21 * DAY);
      await stack.gallery.gallery.queue.enqueue(null, 'purge-trash', { day: stack.clock.now().toISOString().slice(0, 10) });
      await stack.runJobs();
      assert.equal((await stack.api('tina', `/media/${ids[2]}`)).status, 404, 'trashed 31 days ago: purged');
      assert.equal((await stack.api('tina', `/media/${ids[4]}`)).status, 200, 'trashed 21 days ago: kept');
    });

    it('keeps queued processing across a restart and runs it in the new process', async () => {
      const id = await photo(stack, 'tina', '2020:02:02 02:02:02', 77);
      await stack.restartGallery();
      const before = await (await stack.api('tina', `/jobs?mediaId=${id}`)).json();
      assert.deepEqual(before.media.map((j: { status: string }) => j.status), ['queued']);
      await stack.runJobs();
      const detail = await (await stack.api('tina', `/media/${id}`)).json();
      assert.equal(detail.status, 'ready');
      assert.ok(detail.urls.thumbnail);
      ids.push(id);
    });

    it('streams a file larger than one part to S3 in parts, and records its hash on the original afterwards', async () => {
      const big = await sharp(randomBytes(1800 * 1700 * 3), { raw: { width: 1800, height: 1700, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
      assert.ok(big.length > 8 * 1024 * 1024);
      const res = await uploadRaw(stack, 'wes', big, 'big.png');
      assert.equal(res.status, 200);
      const { media } = (await res.json()).items[0];
      assert.equal(media.hash, createHash('sha256').update(big).digest('hex'));
      await stack.runJobs();
      const head = await stack.s3Client.send(new HeadObjectCommand({ Bucket: 'photocloud', Key: media.path }));
      assert.equal(head.ContentLength, big.length);
      assert.equal(head.Metadata?.sha256, media.hash);
      assert.equal((await (await stack.api('wes', `/media/${media.id}`)).json()).status, 'ready');
    });

    it('shows job status overall and per media', async () => {
      const all = await (await stack.api('tina', '/jobs')).json();
      assert.ok(all.byName['process-media'].done >= 6);
      const one = await (await stack.api('tina', `/jobs?mediaId=${ids[0]}`)).json();
      assert.deepEqual(one.media, [{ name: 'process-media', status: 'done', attempts: 1, lastError: null }]);
    });
  }),
);
