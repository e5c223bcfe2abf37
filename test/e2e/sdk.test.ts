import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { cancelDirectUpload, createClient, isApiError, uploadDirect, uploadFile, type PhotoCloudClient, type UploadProgress } from '@photocloud/sdk';
import type { Stack } from '../../apps/server/src/serve.ts';
import { signUpWithApi, startE2eStack, type E2eStack } from './helpers/stack.ts';
import { generatePhotos, type GeneratedPhoto } from './helpers/photos.ts';

let e2e: E2eStack;
let dataDir: string;
let stack: Stack;
let photos: GeneratedPhoto[];
let proxy: FaultyProxy;
const MiB = 1024 * 1024;

/**
 * Stands between clients and the S3 service as its public address (S3_PUBLIC_URL), forwarding every
 * request as is (the signed Host header included), except that it drops the connection of the first
 * PUT of each part number listed in `dropOnce`: a real network failure for the SDK to recover from.
 */
class FaultyProxy {
  target = '';
  readonly dropOnce = new Set<number>();
  readonly partPuts = new Map<number, number>();
  private readonly server: Server = createServer((req, res) => {
    const part = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('partNumber'));
    if (req.method === 'PUT' && part) {
      this.partPuts.set(part, (this.partPuts.get(part) ?? 0) + 1);
      if (this.dropOnce.delete(part)) return void req.socket.destroy();
    }
    const upstream = new URL(this.target);
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Multipart uploads S3 still holds for a user, read with the embedded service's root key. */
async function openUploads(prefix: string): Promise<string[]> {
  const key = JSON.parse(readFileSync(join(dataDir, 's3', 'root-key.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
  const s3 = new S3Client({ endpoint: stack.urls.s3!, region: 'us-east-1', forcePathStyle: true, credentials: key });
  try {
    return ((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'photocloud', Prefix: prefix }))).Uploads ?? []).map((u) => u.Key!);
  } finally {
    s3.destroy();
  }
}

/** About 11 MiB that do not compress: 3 parts of 5 MiB under the lowered threshold. */
const bigPng = () => sharp(randomBytes(1960 * 1960 * 3), { raw: { width: 1960, height: 1960, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();

/** A client the way the CLI uses it: refresh token in the JSON body, no cookies. */
function client(): PhotoCloudClient {
  return createClient({ baseUrl: stack.urls.gateway!, refreshDelivery: 'body' });
}

const signedUp = (email: string) => signUpWithApi(e2e, { email, password: 'correct horse battery staple' });

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
    proxy = new FaultyProxy();
    e2e = await startE2eStack({
      name: 'sdk',
      env: {
        S3_PUBLIC_URL: await proxy.start(),
        UPLOAD_MULTIPART_THRESHOLD: String(5 * MiB + 1),
        UPLOAD_PART_SIZE: String(5 * MiB),
        ADMIN_EMAILS: 'root@example.test',
      },
    });
    ({ stack, dataDir } = e2e);
    proxy.target = stack.urls.s3!;
    photos = await generatePhotos();
  });

  after(async () => {
    await e2e?.close();
    await proxy?.stop();
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

  it('sends a large file in parts, retries the part whose connection dropped, and reports progress up to the total', async () => {
    const c = await signedUp('hopper@example.test');
    const big = await bigPng();
    const sha = createHash('sha256').update(big).digest('hex');
    proxy.dropOnce.add(2);
    const seen: UploadProgress[] = [];
    const done = await uploadDirect(c.http, new Blob([new Uint8Array(big)], { type: 'image/png' }), 'big.png', sha, { onProgress: (p) => seen.push(p) });
    assert.equal(done.duplicate, false);
    assert.equal(done.media.hash, sha);
    assert.equal(done.media.size, big.length);
    assert.deepEqual([...proxy.partPuts.entries()].sort(), [[1, 1], [2, 2], [3, 1]], 'part 2 was sent again, the others once');
    assert.ok(seen.every((p) => p.total === big.length));
    assert.equal(seen.at(-1)?.loaded, big.length);
    assert.ok(seen.every((p, i) => i === 0 || p.loaded >= seen[i - 1]!.loaded), 'progress never goes back');
    assert.deepEqual(await openUploads(`users/${(await c.auth.me()).id}/`), []);
  });

  it('cancels a multipart upload through its AbortSignal: the server drops it and S3 keeps no part', async () => {
    const c = await signedUp('lamarr@example.test');
    const me = await c.auth.me();
    const stop = new AbortController();
    let id = '';
    const big = await bigPng();
    await assert.rejects(
      uploadDirect(c.http, new Blob([new Uint8Array(big)], { type: 'image/png' }), 'big.png', undefined, {
        signal: stop.signal,
        concurrency: 1,
        onCreated: (uploadId) => (id = uploadId),
        onProgress: (p) => p.loaded > 0 && stop.abort(),
      }),
      (err: unknown) => (err as Error).name === 'AbortError',
    );
    assert.ok(id);
    assert.deepEqual(await openUploads(`users/${me.id}/`), []);
    await rejectsWith(c.http.send('POST', `/uploads/${id}/complete`), 'UPLOAD_NOT_FOUND', 404);
    // Someone else cannot cancel (or learn about) an upload that is not theirs.
    const other = await signedUp('turing@example.test');
    const pending = await c.http.send<{ id: string }>('POST', '/uploads', { body: { filename: 'big.png', size: big.length } });
    await rejectsWith(cancelDirectUpload(other.http, pending.id), 'UPLOAD_NOT_FOUND', 404);
    await cancelDirectUpload(c.http, pending.id);
    assert.deepEqual(await openUploads(`users/${me.id}/`), []);
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

  it('lets an admin create a storage bucket through the gateway, and no one else', async () => {
    const admin = await signedUp('root@example.test');
    assert.equal((await admin.auth.me()).role, 'admin');
    const created = await admin.admin.createBucket('family-archive');
    assert.equal(created.name, 'family-archive');
    assert.deepEqual((await admin.admin.buckets()).items.map((b) => b.name), ['family-archive']);
    await rejectsWith(admin.admin.createBucket('family-archive'), 'CONFLICT', 409);
    await rejectsWith(admin.admin.createBucket('Not_A_Bucket'), 'VALIDATION_FAILED', 400);

    const someone = await signedUp('someone@example.test');
    await rejectsWith(someone.admin.createBucket('mine-now'), 'FORBIDDEN', 403);
    await rejectsWith(someone.admin.buckets(), 'FORBIDDEN', 403);
    await rejectsWith(client().admin.buckets(), 'UNAUTHENTICATED', 401);
  });
});
