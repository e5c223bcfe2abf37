import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createClient, isApiError, uploadDirect, uploadFile, type PhotoCloudClient } from '@photocloud/sdk';
import { startStack, type Stack } from '../../apps/server/src/serve.ts';
import { MailCatcher } from './helpers/smtp.ts';
import { generatePhotos, type GeneratedPhoto } from './helpers/photos.ts';

let dataDir: string;
let mail: MailCatcher;
let stack: Stack;
let photos: GeneratedPhoto[];

/** A client the way the CLI uses it: refresh token in the JSON body, no cookies. */
function client(): PhotoCloudClient {
  return createClient({ baseUrl: stack.urls.gateway!, refreshDelivery: 'body' });
}

async function signedUp(email: string): Promise<PhotoCloudClient> {
  const c = client();
  await c.auth.register({ email, password: 'correct horse battery staple' });
  const link = (await mail.next(email)).link;
  await c.auth.verifyEmail(link.searchParams.get('token')!);
  return c;
}

async function rejectsWith(p: Promise<unknown>, code: string, status: number): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isApiError(err), `not an ApiError: ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    return true;
  });
}

describe('sdk against the whole stack (CLI mode)', { timeout: 120_000 }, () => {
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'photocloud-sdk-'));
    mail = await new MailCatcher().start();
    stack = await startStack({ DATA_DIR: dataDir, PORT: '0', S3_PORT: '0', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.port), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    photos = await generatePhotos();
  });

  after(async () => {
    await stack?.close();
    await mail?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in, refreshes with a rotating token and maps server errors to ApiError codes', async () => {
    const c = await signedUp('grace@example.test');
    const first = c.http.storedRefreshToken;
    assert.ok(first);
    await rejectsWith(c.auth.login('grace@example.test', 'not the password'), 'INVALID_CREDENTIALS', 401);
    const session = await c.auth.login('grace@example.test', 'correct horse battery staple');
    assert.equal((await c.auth.me()).id, session.user.id);
    const before = c.http.storedRefreshToken;
    const again = await c.auth.resume();
    assert.ok(again && c.http.storedRefreshToken !== before, 'the refresh token rotates');
    assert.equal((await c.auth.updateMe({ firstName: 'Grace' })).firstName, 'Grace');
    await c.auth.logout();
    assert.equal(c.http.token, null);
    await rejectsWith(c.auth.me(), 'UNAUTHENTICATED', 401);
  });

  it('uploads without a browser, skips known hashes, and pages the timeline', async () => {
    const c = await signedUp('linus@example.test');
    const results = [];
    for (const p of photos) results.push(await uploadFile(c.http, new Blob([new Uint8Array(p.buffer)], { type: p.mimeType }), p.name));
    assert.ok(results.every((r) => !r.duplicate));
    const again = await uploadFile(c.http, new Blob([new Uint8Array(photos[0]!.buffer)]), 'copy.jpg');
    assert.equal(again.duplicate, true);
    assert.equal(again.media.id, results[0]!.media.id);

    const hash = createHash('sha256').update(photos[1]!.buffer).digest('hex');
    const unknown = createHash('sha256').update('not uploaded').digest('hex');
    assert.deepEqual((await c.media.check([hash, unknown])).existing.map((e) => e.mediaId), [results[1]!.media.id]);

    const page1 = await c.media.timeline({ limit: 3 });
    assert.equal(page1.items.length, 3);
    const page2 = await c.media.timeline({ limit: 3, cursor: page1.nextCursor! });
    assert.equal(page2.items.length, 2);
    assert.equal(new Set([...page1.items, ...page2.items].map((m) => m.id)).size, 5);
    const buckets = await c.media.buckets();
    assert.equal(buckets.reduce((s, b) => s + b.count, 0), 5);

    await c.media.update(results[2]!.media.id, { isFavorite: true });
    assert.deepEqual((await c.media.timeline({ favorite: true })).items.map((m) => m.id), [results[2]!.media.id]);
    const detail = await c.media.get(results[2]!.media.id);
    assert.ok(detail.urls.original.length > 0);
    await rejectsWith(c.albums.create({ name: '' }), 'VALIDATION_FAILED', 400);
  });

  it('uploads straight to S3 with a presigned PUT, and refuses bytes that do not match the announced hash', async () => {
    const c = await signedUp('barbara@example.test');
    const photo = photos[4]!;
    const sha = createHash('sha256').update(photo.buffer).digest('hex');
    const seen: number[] = [];
    const done = await uploadDirect(c.http, new Blob([new Uint8Array(photo.buffer)], { type: photo.mimeType }), photo.name, sha, { onProgress: (p) => seen.push(p.loaded) });
    assert.equal(done.media.hash, sha);
    assert.equal((await c.media.timeline()).items[0]?.id, done.media.id);
    const other = photos[3]!;
    await assert.rejects(uploadDirect(c.http, new Blob([new Uint8Array(other.buffer)]), other.name, sha), (err: unknown) => isApiError(err) && err.status >= 400);
    assert.equal((await c.media.timeline()).items.length, 1);
  });

  it('keeps albums and trash private to their owner', async () => {
    const owner = await signedUp('margaret@example.test');
    const other = await signedUp('alan@example.test');
    const media = (await uploadFile(owner.http, new Blob([new Uint8Array(photos[3]!.buffer)]), photos[3]!.name)).media;
    const album = await owner.albums.create({ name: 'Moon' });
    await owner.albums.addMedia(album.id, [media.id]);
    assert.equal((await owner.albums.get(album.id)).mediaCount, 1);
    assert.equal((await owner.albums.update(album.id, { name: 'Apollo' })).name, 'Apollo');
    assert.deepEqual((await owner.albums.list()).map((a) => a.name), ['Apollo']);

    await rejectsWith(other.media.get(media.id), 'MEDIA_NOT_FOUND', 404);
    await rejectsWith(other.albums.get(album.id), 'ALBUM_NOT_FOUND', 404);
    await rejectsWith(other.albums.addMedia(album.id, [media.id]), 'ALBUM_NOT_FOUND', 404);
    assert.deepEqual(await other.albums.list(), []);

    await owner.media.remove(media.id);
    assert.deepEqual((await owner.trash.list()).items.map((m) => m.id), [media.id]);
    assert.deepEqual((await other.trash.list()).items, []);
    await owner.trash.restore([media.id]);
    assert.equal((await owner.trash.list()).items.length, 0);
    await owner.media.remove(media.id);
    await owner.trash.empty();
    await owner.albums.remove(album.id);
    await rejectsWith(owner.albums.get(album.id), 'ALBUM_NOT_FOUND', 404);
  });

  it('reports an unreachable server as NETWORK', async () => {
    const c = createClient({ baseUrl: 'http://127.0.0.1:9', refreshDelivery: 'body' });
    await rejectsWith(c.auth.login('a@example.test', 'x'), 'NETWORK', 0);
  });
});
