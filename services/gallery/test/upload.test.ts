import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateMultipartUploadCommand, GetBucketCorsCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutBucketCorsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { ffmpegAvailable } from '../src/imaging/video.ts';
import { halfRedHalfBlue, jpegWithExif } from './helpers/images.ts';
import { postChunked, startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

const HAS_FFMPEG = await ffmpegAvailable();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Incompressible PNG of about `w*h*3` bytes. */
const noisePng = (w: number, h: number) => sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();

forEachDialect('gallery uploads', (ctx) =>
  describe('POST /media/upload, /media/check, /uploads', () => {
    let stack: TestStack;
    before(async () => {
      // Small whole-body threshold: most files here take the streaming path (the media tests take the other).
      stack = await startStack(ctx, { MAX_UPLOAD_BYTES: String(2_000_000), USER_QUOTA_BYTES: String(4_000_000), GALLERY_WHOLE_BODY_BYTES: '131072' });
    });
    after(() => stack?.close());

    it('refuses uploads without an access token', async () => {
      const res = await uploadRaw(stack, '', Buffer.from('x'), 'a.jpg');
      assert.equal(res.status, 401);
      assert.equal((await res.json()).error.code, 'UNAUTHENTICATED');
    });

    it('streams a raw JPEG to S3, then processes it: EXIF, thumbnail, preview, metadata on the original', async () => {
      const jpeg = await jpegWithExif({ width: 1600, height: 1200, orientation: 6, takenAt: '2021:07:14 09:30:00', offset: '+02:00', gps: [45.764, 4.8357] });
      const res = await uploadRaw(stack, 'alice', jpeg, 'IMG 0001.jpg');
      assert.equal(res.status, 200);
      const { items } = await res.json();
      const media = items[0].media;
      assert.equal(items[0].duplicate, false);
      assert.equal(media.status, 'processing');
      assert.equal(media.hash, sha(jpeg));
      assert.equal(media.size, jpeg.length);
      assert.equal(media.name, 'IMG 0001.jpg');
      assert.equal(media.takenAt, '2021-07-14T07:30:00.000Z');
      assert.match(media.path, new RegExp(`^users/alice/originals/2021/07/${media.id}\\.jpg$`));

      await stack.runJobs();
      const detail = await (await stack.api('alice', `/media/${media.id}`)).json();
      assert.equal(detail.status, 'ready');
      assert.deepEqual([detail.width, detail.height], [1200, 1600]);
      assert.equal(detail.takenAtOffset, '+02:00');
      assert.equal(detail.exif.model, 'EOS R5');
      assert.ok(Math.abs(detail.latitude - 45.764) < 1e-3);
      assert.ok(detail.thumbhash);
      assert.match((await stack.gallery.gallery.stores.media.getById(media.id))?.phash ?? '', /^[0-9a-f]{16}$/);
      const thumb = Buffer.from(await (await fetch(detail.urls.thumbnail)).arrayBuffer());
      assert.deepEqual(await sharp(thumb).metadata().then((m) => [m.format, m.height]), ['webp', 250]);
      const preview = await sharp(Buffer.from(await (await fetch(detail.urls.preview)).arrayBuffer())).metadata();
      assert.deepEqual([preview.width, preview.height], [1080, 1440]);
      const original = Buffer.from(await (await fetch(detail.urls.original)).arrayBuffer());
      assert.equal(sha(original), media.hash);
      const head = await stack.s3Client.send(new HeadObjectCommand({ Bucket: 'photocloud', Key: media.path }));
      assert.deepEqual(
        { owner: head.Metadata?.owner, id: head.Metadata?.['media-id'], sha: head.Metadata?.sha256, taken: head.Metadata?.['taken-at'] },
        { owner: 'alice', id: media.id, sha: media.hash, taken: '2021-07-14T07:30:00.000Z' },
      );
      assert.deepEqual(await stack.keys(`users/alice/derived/${media.id}/`), [`users/alice/derived/${media.id}/preview.webp`, `users/alice/derived/${media.id}/thumb.webp`]);
    });

    it('returns the existing media for an exact duplicate and stores no second copy', async () => {
      const png = await sharp(halfRedHalfBlue(40, 30), { raw: { width: 40, height: 30, channels: 3 } }).png().toBuffer();
      const first = (await (await uploadRaw(stack, 'dup', png, 'a.png')).json()).items[0];
      const again = (await (await uploadRaw(stack, 'dup', png, 'copy of a.png')).json()).items[0];
      assert.equal(again.duplicate, true);
      assert.equal(again.media.id, first.media.id);
      const announced = (await (await uploadRaw(stack, 'dup', png, 'b.png', { 'x-content-sha256': sha(png) })).json()).items[0];
      assert.equal(announced.media.id, first.media.id);
      assert.equal((await stack.keys('users/dup/originals/')).length, 1);
      // Someone else's identical photo is theirs, not a duplicate.
      const other = (await (await uploadRaw(stack, 'dup-other', png, 'a.png')).json()).items[0];
      assert.equal(other.duplicate, false);

      const check = await stack.api('dup', '/media/check', { method: 'POST', json: { hashes: [sha(png), 'ab'.repeat(32)] } });
      assert.deepEqual(await check.json(), { existing: [{ hash: sha(png), mediaId: first.media.id }] });
      const bad = await stack.api('dup', '/media/check', { method: 'POST', json: { hashes: ['not-a-hash'] } });
      assert.equal(bad.status, 400);
    });

    it('takes several files in one multipart request, and reports a bad one in its slot', async () => {
      const base = sharp(halfRedHalfBlue(50, 50), { raw: { width: 50, height: 50, channels: 3 } });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await base.clone().webp().toBuffer())]), 'one.webp');
      form.append('file', new Blob([new Uint8Array(await base.clone().avif().toBuffer())]), 'two.avif');
      form.append('file', new Blob([Buffer.from('a shopping list, not a photo')]), 'three.jpg');
      form.append('file', new Blob([new Uint8Array(readFileSync(new URL('./fixtures/red-blue.heic', import.meta.url)))]), 'four.heic');
      const res = await stack.api('multi', '/media/upload', { method: 'POST', body: form });
      assert.equal(res.status, 200);
      const { items } = await res.json();
      assert.deepEqual(items.map((i: { media?: { type: string }; error?: { code: string } }) => i.media?.type ?? i.error?.code), [
        'image/webp',
        'image/avif',
        'UNSUPPORTED_MEDIA',
        'image/heic',
      ]);
      await stack.runJobs();
      const heic = await (await stack.api('multi', `/media/${items[3].media.id}`)).json();
      assert.equal(heic.status, 'ready');
      assert.deepEqual([heic.width, heic.height], [96, 64]);
      assert.ok(heic.urls.thumbnail);
    });

    it('answers 415 for content that is not a photo or video, and keeps nothing', async () => {
      const res = await uploadRaw(stack, 'bob', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'scan.jpg');
      assert.equal(res.status, 415);
      const body = await res.json();
      assert.equal(body.error.code, 'UNSUPPORTED_MEDIA');
      assert.match(body.error.message, /scan\.jpg.*not a supported photo or video/);
      const single = new FormData();
      single.append('file', new Blob([Buffer.from('plain text')]), 'notes.png');
      assert.equal((await stack.api('bob', '/media/upload', { method: 'POST', body: single })).status, 415);
      assert.equal((await uploadRaw(stack, 'bob', Buffer.alloc(0), 'empty.jpg')).status, 400);
      assert.equal((await stack.api('bob', '/media/upload', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: 'x' })).status, 400, 'no X-Filename');
      assert.deepEqual(await stack.keys('users/bob/'), []);
      assert.deepEqual((await (await stack.api('bob', '/media')).json()).items, []);
    });

    it('refuses files over the size limit with 413, whether announced or streamed', async () => {
      const big = await noisePng(900, 900); // ~2.4 MB > MAX_UPLOAD_BYTES
      const announced = await uploadRaw(stack, 'carol', big, 'big.png');
      assert.equal(announced.status, 413);
      assert.equal((await announced.json()).error.code, 'UPLOAD_TOO_LARGE');
      // No Content-Length: the limit is found while streaming. Like any client, it may still be sending when the answer comes.
      const streamed = await postChunked(`${stack.url}/media/upload`, await stack.token('carol'), big, { 'content-type': 'image/png', 'x-filename': 'big.png' });
      assert.equal(streamed.status, 413);
      assert.equal(JSON.parse(streamed.body).error.code, 'UPLOAD_TOO_LARGE');
      assert.deepEqual(await stack.keys('users/carol/'), []);
      assert.deepEqual((await (await stack.api('carol', '/media')).json()).items, []);
    });

    it('enforces the per-user quota', async () => {
      for (let i = 0; i < 2; i++) assert.equal((await uploadRaw(stack, 'dave', await noisePng(700, 700), `n${i}.png`)).status, 200);
      const over = await uploadRaw(stack, 'dave', await noisePng(700, 700), 'n3.png');
      assert.equal(over.status, 413);
      assert.equal((await over.json()).error.code, 'QUOTA_EXCEEDED');
      assert.equal((await stack.keys('users/dave/originals/')).length, 2);
      const direct = await stack.api('dave', '/uploads', { method: 'POST', json: { filename: 'x.jpg', size: 1_500_000 } });
      assert.equal(direct.status, 413);
    });

    it('uploads directly to S3 with a presigned URL, then completes', async () => {
      const jpeg = await jpegWithExif({ width: 300, height: 200, takenAt: '2019:01:02 03:04:05' });
      const created = await stack.api('erin', '/uploads', { method: 'POST', json: { filename: 'direct.jpg', size: jpeg.length, sha256: sha(jpeg), contentType: 'image/jpeg' } });
      assert.equal(created.status, 201);
      const upload = await created.json();
      assert.equal((await stack.api('erin', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 409, 'nothing uploaded yet');
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(jpeg) });
      assert.equal(put.status, 200, await put.text());
      assert.equal((await stack.api('mallory', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 404, "someone else's upload");
      const done = await stack.api('erin', `/uploads/${upload.id}/complete`, { method: 'POST' });
      assert.equal(done.status, 200);
      const { media, duplicate } = await done.json();
      assert.equal(duplicate, false);
      assert.equal(media.hash, sha(jpeg));
      assert.equal(media.takenAt, '2019-01-02T03:04:05.000Z');
      assert.equal((await stack.api('erin', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 404, 'completed once');
      await stack.runJobs();
      assert.equal((await (await stack.api('erin', `/media/${media.id}`)).json()).status, 'ready');
    });

    it('rejects a direct upload whose object does not match what was announced', async () => {
      const png = await sharp(halfRedHalfBlue(30, 30), { raw: { width: 30, height: 30, channels: 3 } }).png().toBuffer();
      const upload = await (await stack.api('gina', '/uploads', { method: 'POST', json: { filename: 'short.png', size: png.length + 10 } })).json();
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(png) });
      assert.notEqual(put.status, 200, 'S3 refuses a body of another length than signed');
      const text = await (await stack.api('gina', '/uploads', { method: 'POST', json: { filename: 'notes.png', size: 11 } })).json();
      assert.equal((await fetch(text.url, { method: 'PUT', headers: text.headers, body: 'hello world' })).status, 200);
      const res = await stack.api('gina', `/uploads/${text.id}/complete`, { method: 'POST' });
      assert.equal(res.status, 415);
      assert.deepEqual(await stack.keys('users/gina/originals/'), [], 'the refused object was deleted');
    });

    it('processes a video with ffmpeg: duration, size and a poster', { skip: HAS_FFMPEG ? false : 'ffmpeg is not on PATH' }, async () => {
      const file = join(ctx.dir, 'clip.mp4');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10:duration=2', '-pix_fmt', 'yuv420p', file]);
      const res = await uploadRaw(stack, 'frank', readFileSync(file), 'clip.mp4');
      const { media } = (await res.json()).items[0];
      assert.equal(media.kind, 'video');
      await stack.runJobs();
      const detail = await (await stack.api('frank', `/media/${media.id}`)).json();
      assert.equal(detail.status, 'ready');
      assert.deepEqual([detail.width, detail.height], [320, 240]);
      assert.ok(Math.abs(detail.durationMs - 2000) < 150);
      assert.ok(detail.urls.thumbnail);
    });
  }),
);

const MiB = 1024 * 1024;

/** PUTs bytes to a presigned part URL as any client would (fetch, no credentials but the URL). */
const putPart = (url: string, bytes: Uint8Array) => fetch(url, { method: 'PUT', body: bytes as Uint8Array<ArrayBuffer> });

forEachDialect('gallery multipart direct uploads', (ctx) =>
  describe('POST /uploads for large files, /uploads/:id/parts, /uploads/:id/complete, DELETE /uploads/:id', () => {
    let stack: TestStack;
    let big: Buffer;
    before(async () => {
      // Files above 5 MiB + 1 byte go in 5 MiB parts: an 11 MiB photo is 3 parts (5, 5, 1 MiB).
      stack = await startStack(ctx, { UPLOAD_MULTIPART_THRESHOLD: String(5 * MiB + 1), UPLOAD_PART_SIZE: String(5 * MiB), USER_QUOTA_BYTES: String(30 * MiB) });
      big = await noisePng(1960, 1960);
      assert.ok(big.length > 10 * MiB && big.length < 11.5 * MiB, `fixture of ${big.length} bytes`);
    });
    after(() => stack?.close());

    const create = (user: string, bytes: Buffer, name = 'big.png', extra: Record<string, unknown> = {}) =>
      stack.api(user, '/uploads', { method: 'POST', json: { filename: name, size: bytes.length, contentType: 'image/png', ...extra } });
    const part = (bytes: Buffer, n: number) => bytes.subarray((n - 1) * 5 * MiB, n * 5 * MiB);
    const openUploads = async (prefix: string) =>
      ((await stack.s3Client.send(new ListMultipartUploadsCommand({ Bucket: 'photocloud', Prefix: prefix }))).Uploads ?? []).map((u) => u.Key);

    it('sends a large file in presigned parts straight to S3, completes it from the parts S3 holds, and processes it', async () => {
      const res = await create('ivy', big, 'big.png', { sha256: sha(big) });
      assert.equal(res.status, 201);
      const upload = await res.json();
      assert.deepEqual([upload.method, upload.partSize, upload.partCount, upload.parts.map((p: { partNumber: number }) => p.partNumber)], ['MULTIPART', 5 * MiB, 3, [1, 2, 3]]);
      assert.ok(upload.parts.every((p: { url: string }) => p.url.startsWith(stack.s3.url) && p.url.includes('uploadId=')));
      assert.equal((await openUploads('users/ivy/originals/')).length, 1);
      // The URL of a part can be asked for again (a retry); only existing parts, only by the owner.
      const again = await stack.api('ivy', `/uploads/${upload.id}/parts`, { method: 'POST', json: { partNumbers: [2] } });
      assert.equal(again.status, 200);
      const fresh = (await again.json()).parts;
      assert.deepEqual(fresh.map((p: { partNumber: number }) => p.partNumber), [2]);
      assert.equal((await stack.api('ivy', `/uploads/${upload.id}/parts`, { method: 'POST', json: { partNumbers: [4] } })).status, 400);
      // A part URL signs its exact length: another body is refused.
      assert.equal((await putPart(upload.parts[0].url, part(big, 1).subarray(1))).status, 403);

      for (const [i, p] of upload.parts.entries()) assert.equal((await putPart(i === 1 ? fresh[0].url : p.url, part(big, p.partNumber))).status, 200);
      const done = await stack.api('ivy', `/uploads/${upload.id}/complete`, { method: 'POST' });
      assert.equal(done.status, 200, await done.clone().text());
      const { media, duplicate } = await done.json();
      assert.equal(duplicate, false);
      assert.equal(media.hash, sha(big));
      assert.equal(media.size, big.length);
      assert.match(media.path, /^users\/ivy\/originals\/\d{4}\/\d{2}\/[\w-]+\.png$/);
      assert.deepEqual(await openUploads('users/ivy/'), [], 'the multipart upload is completed');
      const head = await stack.s3Client.send(new HeadObjectCommand({ Bucket: 'photocloud', Key: media.path }));
      assert.deepEqual([head.ContentLength, head.ContentType, head.Metadata?.owner, head.Metadata?.sha256], [big.length, 'image/png', 'ivy', sha(big)]);
      await stack.runJobs();
      const detail = await (await stack.api('ivy', `/media/${media.id}`)).json();
      assert.deepEqual([detail.status, detail.width, detail.height], ['ready', 1960, 1960]);
      assert.equal((await stack.api('ivy', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 404, 'completed once');
    });

    it('says which parts are missing, and completes once they are sent', async () => {
      const upload = await (await create('jack', big)).json();
      for (const n of [1, 3]) assert.equal((await putPart(upload.parts[n - 1].url, part(big, n))).status, 200);
      const early = await stack.api('jack', `/uploads/${upload.id}/complete`, { method: 'POST' });
      assert.equal(early.status, 409);
      const { error } = await early.json();
      assert.equal(error.code, 'UPLOAD_INCOMPLETE');
      assert.match(error.message, /^Part 2 of 3 has not been uploaded yet/);
      assert.equal((await openUploads('users/jack/')).length, 1, 'the parts sent are kept');
      assert.equal((await putPart(upload.parts[1].url, part(big, 2))).status, 200);
      const done = await stack.api('jack', `/uploads/${upload.id}/complete`, { method: 'POST' });
      assert.equal(done.status, 200);
      assert.equal((await done.json()).media.hash, sha(big));
    });

    it('refuses parts of the wrong size (sent with other S3 credentials) and removes them', async () => {
      const upload = await (await create('kate', big)).json();
      for (const n of [1, 3]) assert.equal((await putPart(upload.parts[n - 1].url, part(big, n))).status, 200);
      const key = (await stack.s3Client.send(new ListMultipartUploadsCommand({ Bucket: 'photocloud', Prefix: 'users/kate/' }))).Uploads![0]!;
      await stack.s3Client.send(new UploadPartCommand({ Bucket: 'photocloud', Key: key.Key, UploadId: key.UploadId, PartNumber: 2, Body: part(big, 2).subarray(0, 5 * MiB - 10) }));
      const res = await stack.api('kate', `/uploads/${upload.id}/complete`, { method: 'POST' });
      assert.equal(res.status, 409);
      assert.match((await res.json()).error.message, /^Part 2 holds 5242870 bytes; 5242880 were expected/);
      assert.deepEqual(await openUploads('users/kate/'), [], 'the parts were aborted');
      assert.deepEqual(await stack.keys('users/kate/'), []);
      assert.equal((await stack.api('kate', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 404, 'the upload is over');
      assert.deepEqual((await (await stack.api('kate', '/media')).json()).items, []);
    });

    it("answers 404 to someone else's upload id on parts, complete and cancel, and leaves the upload alone", async () => {
      const upload = await (await create('liam', big)).json();
      for (const p of upload.parts) await putPart(p.url, part(big, p.partNumber));
      assert.equal((await stack.api('mallory', `/uploads/${upload.id}/parts`, { method: 'POST', json: { partNumbers: [1] } })).status, 404);
      assert.equal((await stack.api('mallory', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 404);
      assert.equal((await stack.api('mallory', `/uploads/${upload.id}`, { method: 'DELETE' })).status, 404);
      assert.equal((await stack.api('liam', '/uploads/no-such-upload', { method: 'DELETE' })).status, 404);
      assert.equal((await openUploads('users/liam/')).length, 1);
      assert.equal((await stack.api('liam', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 200);
    });

    it('cancels: the parts are aborted, the URLs stop working, and the bytes stop counting against the quota', async () => {
      const upload = await (await create('mia', big)).json();
      assert.equal((await putPart(upload.parts[0].url, part(big, 1))).status, 200);
      // 11 MiB announced and pending: 25 MiB more would pass the 30 MiB quota.
      assert.equal((await stack.api('mia', '/uploads', { method: 'POST', json: { filename: 'b.png', size: 25 * MiB } })).status, 413);
      const cancel = await stack.api('mia', `/uploads/${upload.id}`, { method: 'DELETE' });
      assert.equal(cancel.status, 204);
      assert.deepEqual(await openUploads('users/mia/'), []);
      assert.equal((await putPart(upload.parts[1].url, part(big, 2))).status, 404, 'NoSuchUpload');
      assert.equal((await stack.api('mia', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 404);
      assert.equal((await stack.api('mia', `/uploads/${upload.id}`, { method: 'DELETE' })).status, 204, 'cancelling twice is fine');
      const next = await stack.api('mia', '/uploads', { method: 'POST', json: { filename: 'b.png', size: 25 * MiB } });
      assert.equal(next.status, 201);
      assert.equal((await stack.api('mia', `/uploads/${(await next.json()).id}`, { method: 'DELETE' })).status, 204);

      // A single PUT is cancelled too: its object is deleted.
      const png = await sharp(halfRedHalfBlue(20, 20), { raw: { width: 20, height: 20, channels: 3 } }).png().toBuffer();
      const single = await (await create('mia', png, 'small.png')).json();
      assert.equal(single.method, 'PUT');
      assert.equal((await fetch(single.url, { method: 'PUT', headers: single.headers, body: new Uint8Array(png) })).status, 200);
      assert.equal((await stack.keys('users/mia/originals/')).length, 1);
      assert.equal((await stack.api('mia', `/uploads/${single.id}`, { method: 'DELETE' })).status, 204);
      assert.deepEqual(await stack.keys('users/mia/'), []);
    });

    it('refuses a multipart upload past the quota before anything is created', async () => {
      const res = await stack.api('noah', '/uploads', { method: 'POST', json: { filename: 'huge.mov', size: 31 * MiB } });
      assert.equal(res.status, 413);
      assert.equal((await res.json()).error.code, 'QUOTA_EXCEEDED');
      assert.deepEqual(await openUploads('users/noah/'), []);
    });

    it('lets browsers PUT to the bucket (a CORS rule set at start), keeping the rules others put there', async () => {
      const preflight = await fetch(`${stack.s3.url}/photocloud/users/ivy/originals/x.png?partNumber=1&uploadId=u`, {
        method: 'OPTIONS',
        headers: { origin: 'http://photos.lan:8080', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,x-amz-meta-owner' },
      });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.equal(preflight.headers.get('access-control-expose-headers'), 'ETag');
      const theirs = { ID: 'site', AllowedOrigins: ['https://example.org'], AllowedMethods: ['GET'] };
      const ours = (await stack.s3Client.send(new GetBucketCorsCommand({ Bucket: 'photocloud' }))).CORSRules!;
      await stack.s3Client.send(new PutBucketCorsCommand({ Bucket: 'photocloud', CORSConfiguration: { CORSRules: [theirs, { ...ours[0]!, AllowedOrigins: ['http://old.example'] }] } }));
      await stack.restartGallery();
      const rules = (await stack.s3Client.send(new GetBucketCorsCommand({ Bucket: 'photocloud' }))).CORSRules!;
      assert.deepEqual(rules.map((r) => [r.ID, r.AllowedOrigins]), [['site', ['https://example.org']], ['photocloud-browser-uploads', ['*']]]);
    });

    it('answers 501 to POST /uploads when direct uploads are turned off (clients then upload through the API)', async () => {
      const off = await startStack(ctx, { DIRECT_UPLOADS: 'false' });
      try {
        const res = await off.api('pia', '/uploads', { method: 'POST', json: { filename: 'a.jpg', size: 100 } });
        assert.equal(res.status, 501);
        assert.equal((await res.json()).error.code, 'DIRECT_UPLOAD_UNAVAILABLE');
      } finally {
        await off.close();
      }
    });

    it('keeps a long multipart upload alive while it asks for part URLs, past the upload TTL', async () => {
      const upload = await (await create('quinn', big)).json();
      assert.equal((await putPart(upload.parts[0].url, part(big, 1))).status, 200);
      const sweep = async () => {
        await stack.gallery.gallery.queue.enqueue(null, 'sweep-uploads', { hour: stack.clock.now().toISOString().slice(0, 16) });
        await stack.runJobs();
      };
      for (const n of [2, 3]) {
        stack.clock.advance(50 * 60 * 1000); // 100 minutes in all: past the 1 h TTL, never 1 h without a request
        const res = await stack.api('quinn', `/uploads/${upload.id}/parts`, { method: 'POST', json: { partNumbers: [n] } });
        assert.equal(res.status, 200);
        const { parts, expiresAt } = await res.json();
        assert.equal(expiresAt, new Date(stack.clock.now().getTime() + 3600_000).toISOString());
        await sweep();
        assert.equal((await putPart(parts[0].url, part(big, n))).status, 200);
      }
      assert.equal((await openUploads('users/quinn/')).length, 1);
      assert.equal((await stack.api('quinn', `/uploads/${upload.id}/complete`, { method: 'POST' })).status, 200);
    });

    it('sweeps abandoned uploads: expired ones, and multipart uploads no row knows of', async () => {
      const abandoned = await (await create('olga', big)).json();
      assert.equal((await putPart(abandoned.parts[0].url, part(big, 1))).status, 200);
      // A lost row (a restored catalog, a crash between CreateMultipartUpload and the insert).
      const orphan = await stack.s3Client.send(new CreateMultipartUploadCommand({ Bucket: 'photocloud', Key: 'users/olga/originals/2020/01/lost.jpg' }));
      await stack.s3Client.send(new UploadPartCommand({ Bucket: 'photocloud', Key: orphan.Key, UploadId: orphan.UploadId, PartNumber: 1, Body: 'lost bytes' }));
      const sweep = async () => {
        await stack.gallery.gallery.queue.enqueue(null, 'sweep-uploads', { hour: stack.clock.now().toISOString().slice(0, 16) });
        await stack.runJobs();
      };
      await sweep();
      assert.equal((await openUploads('users/olga/')).length, 2, 'nothing is young enough to be abandoned yet');

      stack.clock.advance(2 * 3600 * 1000); // past GALLERY_UPLOAD_TTL_SECONDS (1 h)
      await sweep();
      assert.deepEqual(await openUploads('users/olga/'), ['users/olga/originals/2020/01/lost.jpg'], 'the expired upload was aborted, the unknown one is kept a day');
      assert.equal((await stack.api('olga', `/uploads/${abandoned.id}/complete`, { method: 'POST' })).status, 404);

      stack.clock.advance(24 * 3600 * 1000);
      await sweep();
      assert.deepEqual(await openUploads('users/olga/'), []);
      assert.deepEqual(await stack.keys('users/olga/'), []);
    });
  }),
);
