import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import exifr from 'exifr';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { jpegWithExif } from './helpers/images.ts';
import { startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

const PARIS: [number, number] = [48.8584, 2.2945];

async function uploadFile(stack: TestStack, user: string, bytes: Buffer, name: string): Promise<string> {
  const res = await uploadRaw(stack, user, bytes, name);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()).items[0].media.id;
}

/** Every entry of a ZIP: name → bytes. */
function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, s) => {
          if (e || !s) return reject(e);
          const parts: Buffer[] = [];
          s.on('data', (c: Buffer) => parts.push(c)).on('end', () => (out.set(entry.fileName, Buffer.concat(parts)), zip.readEntry()));
        }));
      zip.on('end', () => resolve(out)).on('error', reject);
      zip.readEntry();
    });
  });
}

forEachDialect('gallery sharing', (ctx) =>
  describe('share links, end to end over HTTP', () => {
    let stack: TestStack;
    let gpsJpeg: Buffer;
    const ids: string[] = [];
    let albumId = '';
    let token = '';
    let shareId = '';
    const pub = (path: string, init?: RequestInit) => fetch(stack.url + path, init);

    before(async () => {
      stack = await startStack(ctx);
      gpsJpeg = await jpegWithExif({ width: 320, height: 240, takenAt: '2024:06:01 12:00:00', gps: PARIS });
      ids.push(await uploadFile(stack, 'olga', gpsJpeg, 'eiffel.jpg'));
      ids.push(await uploadFile(stack, 'olga', await jpegWithExif({ width: 200, height: 100, takenAt: '2024:06:02 12:00:00' }), 'plain.jpg'));
      ids.push(await uploadFile(stack, 'olga', await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a6' } }).png().toBuffer(), 'green.png'));
      ids.push(await uploadFile(stack, 'mallory', await jpegWithExif({ width: 50, height: 50, gps: [1, 1] }), 'secret.jpg'));
      await stack.runJobs();
      const album = await (await stack.api('olga', '/albums', { method: 'POST', json: { name: 'Paris' } })).json();
      albumId = album.id;
      await stack.api('olga', `/albums/${albumId}/media`, { method: 'POST', json: { mediaIds: ids.slice(0, 3) } });
    });
    after(() => stack?.close());

    it('creates an album share with a 7-day default expiry and keeps only a hash of its token', async () => {
      const res = await stack.api('olga', '/shares', { method: 'POST', json: { albumId, label: 'For grandma' } });
      assert.equal(res.status, 201);
      const share = await res.json();
      ({ id: shareId, token } = share);
      assert.equal(share.link, `/s/${token}`);
      const [tokenId, secret] = token.split('.');
      assert.ok(Buffer.from(secret!, 'base64url').length >= 16, 'at least 128 bits of randomness');
      assert.equal(Date.parse(share.expiresAt) - stack.clock.now().getTime(), 7 * 24 * 3600 * 1000);
      assert.deepEqual([share.kind, share.status, share.mediaCount, share.hasCode, share.allowDownload, share.keepLocation], ['album', 'active', 3, false, true, false]);
      const row = await stack.gallery.gallery.stores.shares.getByTokenId(tokenId!);
      assert.ok(row && !JSON.stringify(row).includes(secret!), 'the secret is not stored');
    });

    it('lets a viewer without an account browse the album, with thumbnails presigned for exactly one object each', async () => {
      const res = await pub(`/public/shares/${token}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const view = await res.json();
      assert.deepEqual([view.album.name, view.label, view.mediaCount, view.items.length], ['Paris', 'For grandma', 3, 3]);
      for (const item of view.items) {
        assert.equal('latitude' in item, false, 'no location unless the owner allows it');
        const thumb = await fetch(item.thumbUrl);
        assert.equal(thumb.status, 200);
        assert.equal(thumb.headers.get('content-type'), 'image/webp');
        assert.match(item.thumbUrl, new RegExp(`/photocloud/users/olga/derived/${item.id}/thumb\\.webp\\?`));
        assert.match(item.thumbUrl, /X-Amz-Expires=3600&/);
      }
      assert.equal((await fetch(view.items[0].previewUrl)).status, 200);
      // API clients reaching the link itself get the same JSON.
      assert.equal((await (await pub(`/s/${token}`)).json()).mediaCount, 3);
      // A page left open fetches fresh URLs: not one more view.
      stack.clock.advance(1000);
      const refreshed = await (await pub(`/public/shares/${token}?refresh=true`)).json();
      assert.equal(refreshed.items.length, 3);
      assert.ok(Date.parse(refreshed.urlsExpireAt) > Date.parse(view.urlsExpireAt), 'the new URLs live longer');
      assert.equal(refreshed.urlsExpireInSeconds, 3600);
      assert.equal((await pub(`/public/shares/${token}?refresh=maybe`)).status, 400);
      stack.clock.advance(-1000);
      const listed = (await (await stack.api('olga', '/shares')).json()).items;
      assert.equal(listed.length, 1);
      assert.equal(listed[0].views, 2);
      assert.equal(listed[0].lastAccessedAt, stack.clock.now().toISOString());
    });

    it('rejects a presigned URL edited to point at another key (checked by S3 itself)', async () => {
      const view = await (await pub(`/public/shares/${token}`)).json();
      const url = new URL(view.items[0].thumbUrl);
      assert.equal((await fetch(url)).status, 200);
      for (const path of [
        url.pathname.replace(view.items[0].id, view.items[1].id),
        url.pathname.replace('thumb.webp', 'preview.webp'),
        url.pathname.replace(`users/olga/derived/${view.items[0].id}/thumb.webp`, `users/mallory/derived/${ids[3]}/thumb.webp`),
      ]) {
        const edited = new URL(url);
        edited.pathname = path;
        const res = await fetch(edited);
        assert.equal(res.status, 403, path);
        assert.match(await res.text(), /SignatureDoesNotMatch/);
      }
    });

    it('serves originals without their GPS by default, image data untouched', async () => {
      const view = await (await pub(`/public/shares/${token}`)).json();
      const item = view.items.find((i: { id: string }) => i.id === ids[0]);
      assert.equal(item.originalUrl, `/public/shares/${token}/items/${ids[0]}/original`);
      const res = await pub(item.originalUrl);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="eiffel\.jpg"/);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(bytes.length, gpsJpeg.length);
      assert.equal((await exifr.parse(bytes, { gps: true }))?.latitude, undefined);
      assert.ok((await sharp(bytes).raw().toBuffer()).equals(await sharp(gpsJpeg).raw().toBuffer()));
      // A media of someone else, or not in the share, is not reachable through it.
      assert.equal((await pub(`/public/shares/${token}/items/${ids[3]}/original`)).status, 404);
    });

    it('streams "download all" as a ZIP of the originals, GPS removed', async () => {
      const res = await pub(`/public/shares/${token}/download`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/zip');
      assert.match(res.headers.get('content-disposition') ?? '', /filename="Paris\.zip"/);
      const files = await unzip(Buffer.from(await res.arrayBuffer()));
      assert.deepEqual([...files.keys()].sort(), ['eiffel.jpg', 'green.png', 'plain.jpg']);
      assert.equal((await exifr.parse(files.get('eiffel.jpg')!, { gps: true }))?.latitude, undefined);
      assert.equal(files.get('eiffel.jpg')!.length, gpsJpeg.length);
    });

    it('shows the location and hands presigned originals when the owner keeps it', async () => {
      const created = await (await stack.api('olga', '/shares', { method: 'POST', json: { mediaIds: [ids[0]], keepLocation: true } })).json();
      const view = await (await pub(`/public/shares/${created.token}`)).json();
      assert.equal(view.kind, 'media');
      assert.ok(Math.abs(view.items[0].latitude - PARIS[0]) < 0.001);
      assert.match(view.items[0].originalUrl, /^http:.*X-Amz-Signature=/);
      const bytes = Buffer.from(await (await fetch(view.items[0].originalUrl)).arrayBuffer());
      assert.ok(bytes.equals(gpsJpeg));
    });

    it('hides download links when downloads are off, and refuses the routes', async () => {
      const created = await (await stack.api('olga', '/shares', { method: 'POST', json: { albumId, allowDownload: false } })).json();
      const view = await (await pub(`/public/shares/${created.token}`)).json();
      assert.equal(view.downloadUrl, null);
      assert.ok(view.items.every((i: { originalUrl: string | null }) => i.originalUrl === null));
      assert.equal((await pub(`/public/shares/${created.token}/download`)).status, 403);
      const res = await pub(`/public/shares/${created.token}/items/${ids[1]}/original`);
      assert.equal((await res.json()).error.code, 'SHARE_DOWNLOAD_DISABLED');
    });

    it('refuses bad share requests and changes nothing', async () => {
      const before = (await (await stack.api('olga', '/shares')).json()).items.length;
      const day = 24 * 3600 * 1000;
      const now = stack.clock.now().getTime();
      for (const json of [
        {},
        { albumId, mediaIds: [ids[0]] },
        { albumId, expiresAt: new Date(now - 1000).toISOString() },
        { albumId, expiresAt: new Date(now + 91 * day).toISOString() },
        { albumId, expiresAt: null },
        { albumId, code: 'abc' },
        { mediaIds: [ids[0], ids[3]] },
        { albumId: 'nope' },
      ]) {
        const res = await stack.api('olga', '/shares', { method: 'POST', json });
        assert.ok([400, 404].includes(res.status), `${JSON.stringify(json)} → ${res.status}`);
      }
      assert.equal((await (await stack.api('olga', '/shares')).json()).items.length, before);
      assert.equal((await pub('/public/shares/not-a-token')).status, 404);
      assert.equal((await pub(`/public/shares/${token.slice(0, -2)}xx`)).status, 404);
    });

    it('adds short-lived thumbnail URLs and the thumbhash to timeline items', async () => {
      const page = await (await stack.api('olga', '/media')).json();
      assert.equal(page.items.length, 3);
      for (const item of page.items) {
        assert.ok(item.thumbhash);
        assert.match(item.thumbUrl, new RegExp(`users/olga/derived/${item.id}/thumb\\.webp\\?.*X-Amz-Expires=900&`));
        assert.equal((await fetch(item.thumbUrl)).status, 200);
      }
    });
  }),
);
