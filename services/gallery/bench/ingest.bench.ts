// npm run bench:ingest — ingest throughput, timeline latency and similar-photo assignment on 1M rows, API memory while a big video streams.
// Sizes: BENCH_PHOTOS (24), BENCH_ROWS (1000000), BENCH_VIDEO_MB (4096); 0 rows or 0 MB skips that part.
// Photos/s swings with whatever else runs on the machine; CPU time per photo (this process: API, S3
// service, workers, the bench's own HTTP client) is the steadier figure for the ingest overhead.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE } from '@photocloud/contracts';
import { createLogger, loadConfig, openDb, systemClock } from '@photocloud/kit';
import { s3ConfigSpec, startS3Service } from '@photocloud/s3';
import type { Insertable } from 'kysely';
import type { GalleryDB, MediaTable } from '../src/db/schema.ts';
import { galleryConfigSpec, startGalleryService } from '../src/index.ts';
import { configureSharp, PREVIEW_EDGE, THUMB_HEIGHT } from '../src/imaging/thumbnail.ts';
import { runAssign } from '../src/jobs/similar-assign.ts';
import { DEFAULT_SIMILAR_THRESHOLD } from '../src/similarity/detect.ts';
import { packHexHashes } from '../src/similarity/packed.ts';
import { MediaStore } from '../src/stores/media.store.ts';
import { SimilarStore } from '../src/stores/similar.store.ts';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 24);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const VIDEO_MB = Number(process.env.BENCH_VIDEO_MB ?? 4096);
const CORES = os.availableParallelism();
// /proc reports thread CPU time in clock ticks: 100 per second on Linux (USER_HZ).
const CLOCK_TICKS = 100;
const dir = mkdtempSync(join(os.tmpdir(), 'pc-bench-ingest-'));
const log = createLogger({ service: 'bench', level: 'warn' });
const rows: Array<[string, string, string, string]> = [];
const row = (what: string, ours: string, reference: string, note: string) => {
  rows.push([what, ours, reference, note]);
  process.stderr.write(`${what}: ${ours} | ${reference} | ${note}\n`);
};

configureSharp();

/** A 12 MP camera-like JPEG: smooth gradients plus sensor-like noise, distinct per seed. */
async function camera12mp(seed: number): Promise<Buffer> {
  const w = 4000;
  const h = 3000;
  const small = Buffer.alloc(400 * 300 * 3);
  for (let i = 0; i < small.length; i++) small[i] = (Math.sin(i * 0.001 * (seed + 1)) * 100 + 128 + ((i * 7919 * (seed + 3)) % 31)) & 255;
  return sharp(small, { raw: { width: 400, height: 300, channels: 3 } })
    .resize(w, h, { kernel: 'cubic' })
    .composite([{ input: { create: { width: w, height: h, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 0, sigma: 12 } } }, blend: 'add' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** CPU time (user + system, all threads of this process) spent per item while `fn` runs, in ms. */
async function cpuPerItem(items: number, fn: () => Promise<void>): Promise<{ total: number; libvips: number | null }> {
  const before = process.cpuUsage();
  const threadsBefore = libvipsCpuMs();
  await fn();
  const used = process.cpuUsage(before);
  const threadsAfter = libvipsCpuMs();
  const libvips = threadsBefore === null || threadsAfter === null ? null : (threadsAfter - threadsBefore) / items;
  return { total: (used.user + used.system) / 1000 / items, libvips };
}

/**
 * CPU ms used so far by libvips' own threads (Linux names them "libvips worker"), read from
 * /proc; everything else (JS, HTTP, hashing, SQLite, GC) runs on Node's threads. Null elsewhere.
 * Threads that ended in between are missed, which libvips' long-lived pool makes rare.
 */
function libvipsCpuMs(): number | null {
  try {
    let ticks = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('libvips')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    }
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** The ceiling: sharp alone, same decode (shrink-on-load) and the two WebP renditions, all cores busy. */
async function sharpAlone(jpegs: Buffer[]): Promise<number> {
  const start = performance.now();
  await pool(jpegs, CORES, async (jpeg) => {
    const { data, info } = await sharp(jpeg).rotate().resize({ width: PREVIEW_EDGE, height: PREVIEW_EDGE, fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    await Promise.all([sharp(data, raw).webp({ quality: 80 }).toBuffer(), sharp(data, raw).resize({ height: THUMB_HEIGHT }).webp({ quality: 75 }).toBuffer()]);
  });
  return jpegs.length / ((performance.now() - start) / 1000);
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const s3 = await startS3Service({ config: loadConfig(s3ConfigSpec, { DATA_DIR: join(dir, 'data'), S3_PORT: '0', S3_ACCESS_KEY: 'benchkey', S3_SECRET_KEY: 'bench-secret-key' }), log });
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'EdDSA' }] });
  const config = loadConfig(galleryConfigSpec, {
    DATA_DIR: join(dir, 'data'),
    S3_ENDPOINT: s3.url,
    S3_ACCESS_KEY: 'benchkey',
    S3_SECRET_KEY: 'bench-secret-key',
    API_URL: 'http://bench',
    GALLERY_WORKERS: process.env.GALLERY_WORKERS ?? String(CORES * 2),
  });
  const gallery = await startGalleryService({ config, log, jwks });
  const token = await new SignJWT({ sid: 's' }).setProtectedHeader({ alg: 'EdDSA', kid: 'k' }).setSubject('bench').setIssuer('http://bench').setAudience(ACCESS_TOKEN_AUDIENCE).setIssuedAt().setExpirationTime('2h').sign(privateKey);
  const auth = { authorization: `Bearer ${token}` };
  try {
    process.stderr.write(`generating ${PHOTOS} 12 MP JPEGs…\n`);
    const jpegs: Buffer[] = [];
    for (let i = 0; i < PHOTOS; i++) jpegs.push(await camera12mp(i));
    const mb = jpegs.reduce((s, j) => s + j.length, 0) / PHOTOS / 1e6;

    let ceiling = 0;
    const ceilingCpu = await cpuPerItem(PHOTOS, async () => void (ceiling = await sharpAlone(jpegs)));
    const start = performance.now();
    const oursCpu = await cpuPerItem(PHOTOS, () => ingestAll(jpegs));
    const ours = PHOTOS / ((performance.now() - start) / 1000);
    row(`photos/s, upload → thumbnails ready (${PHOTOS} × 12 MP, ${mb.toFixed(1)} MB)`, ours.toFixed(2), `${ceiling.toFixed(2)} (sharp alone)`, `${((ours / ceiling) * 100).toFixed(0)}% of the ceiling (target ≥ 80%), ${CORES} cores, load ${loadAverage()}`);
    row('CPU ms per photo, upload → thumbnails ready', oursCpu.total.toFixed(0), `${ceilingCpu.total.toFixed(0)} (sharp alone)`, `ceiling at ${((ceilingCpu.total / oursCpu.total) * 100).toFixed(0)}% of ours in CPU time (photos/s on idle cores)`);
    if (oursCpu.libvips !== null && ceilingCpu.libvips !== null) {
      row('… of which libvips threads (decode, resize, encode)', oursCpu.libvips.toFixed(0), ceilingCpu.libvips.toFixed(0), 'the image work itself');
      row('… of which Node threads (HTTP, S3 service, hashing, SQLite, jobs, GC)', (oursCpu.total - oursCpu.libvips).toFixed(0), (ceilingCpu.total - ceilingCpu.libvips).toFixed(0), 'what ingest adds around the image work');
    }

    // Before the large library is seeded, whose garbage would blur the memory figure.
    if (VIDEO_MB > 0) await videoRss(gallery.url, auth);
    if (ROWS > 0) {
      await timeline(gallery.url, auth);
      await similarAtScale();
      // The same ingest again, into the library just seeded: what a family with years of photos sees.
      const more: Buffer[] = [];
      for (let i = 0; i < PHOTOS; i++) more.push(await camera12mp(PHOTOS + i));
      const again = performance.now();
      await ingestAll(more);
      const intoLibrary = PHOTOS / ((performance.now() - again) / 1000);
      row(`photos/s, upload → thumbnails ready, into the ${ROWS}-photo library`, intoLibrary.toFixed(2), `${ceiling.toFixed(2)} (sharp alone, above)`, `${((intoLibrary / ceiling) * 100).toFixed(0)}% of the ceiling`);
    }
  } finally {
    await gallery.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\n| measure | ours | reference | note |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);

  /**
   * Uploads every photo through the API, 4 at a time, and waits until each one's thumbnails are made.
   * The client is plain node:http on kept-alive sockets, as lean as curl: its CPU counts in "ours"
   * (same process) though a real client runs elsewhere, so it should add as little as it can.
   */
  async function ingestAll(jpegs: Buffer[]): Promise<void> {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const target = (await processed(agent)) + jpegs.length;
    await pool(jpegs, 4, async (jpeg) => {
      const headers = { ...auth, 'content-type': 'image/jpeg', 'content-length': String(jpeg.length), 'x-filename': `${randomUUID()}.jpg` };
      const res = await send(agent, 'POST', `${gallery.url}/media/upload`, headers, jpeg);
      if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${res.body}`);
    });
    while ((await processed(agent)) < target) await new Promise((r) => setTimeout(r, 20));
    agent.destroy();
  }

  /** process-media jobs finished so far (done or failed), from GET /jobs. */
  async function processed(agent: Agent): Promise<number> {
    const jobs = JSON.parse((await send(agent, 'GET', `${gallery.url}/jobs`, auth)).body) as { byName: Record<string, { done: number; failed: number }> };
    const p = jobs.byName['process-media'];
    return p ? p.done + p.failed : 0;
  }
}

/** The 1, 5 and 15 minute load averages: other processes share these cores. */
function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** A processed 12 MP photo of the bench user, as the catalog holds it, with a random pHash. */
function seededPhoto(takenAt: string, favorite: boolean): Insertable<MediaTable> {
  const id = randomUUID();
  return { id, ownerId: 'bench', status: 'ready', kind: 'photo', mime: 'image/jpeg', originalName: `${id}.jpg`, objectKey: `users/bench/originals/x/${id}.jpg`, sizeBytes: 3_000_000, sha256: id + id.slice(0, 28), takenAt, takenAtOffset: null, takenAtSource: 'exif', width: 4000, height: 3000, orientation: 1, durationMs: null, latitude: null, longitude: null, exif: null, thumbhash: 'AAAA', phash: randomBytes(8).toString('hex'), hasThumbnail: 1, hasPreview: 1, isFavorite: favorite ? 1 : 0, description: null, trashedAt: null, createdAt: takenAt, updatedAt: takenAt };
}

/** Seeds ROWS media for one user straight into the catalog, then times pages over HTTP. */
async function timeline(url: string, auth: Record<string, string>): Promise<void> {
  process.stderr.write(`seeding ${ROWS} media rows…\n`);
  const database = await openDb<GalleryDB>({ url: undefined, sqlitePath: join(dir, 'data', 'gallery', 'gallery.db'), schema: 'gallery' });
  const t0 = Date.parse('2000-01-01T00:00:00Z');
  const span = Date.parse('2026-01-01T00:00:00Z') - t0;
  // 1000 rows × 30 columns stays under SQLite's 32766 bound parameters.
  const batch = 1000;
  const started = performance.now();
  await database.db.transaction().execute(async (trx) => {
  for (let i = 0; i < ROWS; i += batch) {
    const values = Array.from({ length: Math.min(batch, ROWS - i) }, (_, k) =>
      seededPhoto(new Date(t0 + Math.floor(Math.random() * span)).toISOString(), (i + k) % 50 === 0),
    );
    await trx.insertInto('media').values(values).execute();
  }
  });
  await database.close();
  process.stderr.write(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  // Fresh keep-alive sockets: fetch's pooled ones went idle (and were closed) during the long seeding.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const pages = 300;
  const cursors: Array<string | null> = [null];
  const times: number[] = [];
  for (let i = 0; i < pages; i++) {
    const cursor = cursors[Math.floor(Math.random() * cursors.length)];
    const t = performance.now();
    const page = (await getJson(agent, `${url}/media?limit=100${cursor ? `&cursor=${cursor}` : ''}`, auth)) as { nextCursor: string | null };
    times.push(performance.now() - t);
    if (page.nextCursor) cursors.push(page.nextCursor);
  }
  times.sort((a, b) => a - b);
  // The peer: the same pages fetched with OFFSET, the usual first implementation.
  const store = await openDb<GalleryDB>({ url: undefined, sqlitePath: join(dir, 'data', 'gallery', 'gallery.db'), schema: 'gallery' });
  const offsetTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const offset = Math.floor(Math.random() * (ROWS - 100));
    const t = performance.now();
    await store.db.selectFrom('media').selectAll().where('ownerId', '=', 'bench').where('trashedAt', 'is', null).orderBy('takenAt', 'desc').orderBy('id', 'desc').limit(100).offset(offset).execute();
    offsetTimes.push(performance.now() - t);
  }
  const favTimes: number[] = [];
  const media = new MediaStore(store.db);
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await media.timeline('bench', { favorite: true }, { takenAt: new Date(t0 + Math.random() * span).toISOString(), id: 'ffff' }, 100);
    favTimes.push(performance.now() - t);
  }
  await store.close();
  offsetTimes.sort((a, b) => a - b);
  favTimes.sort((a, b) => a - b);
  row(`timeline page (100 items, HTTP) over ${ROWS} rows, p50 / p99 ms`, `${percentile(times, 50).toFixed(2)} / ${percentile(times, 99).toFixed(2)}`, `${percentile(offsetTimes, 50).toFixed(1)} / ${percentile(offsetTimes, 99).toFixed(1)} (OFFSET paging, SQL only)`, 'target p99 < 20 ms');
  row('favorites page (1 in 50, store only), p50 / p99 ms', `${percentile(favTimes, 50).toFixed(2)} / ${percentile(favTimes, 99).toFixed(2)}`, '', 'filtered scan along the timeline index');
}

/**
 * After each processed photo, a job looks for its near-duplicates among the owner's photos. Timed
 * here on the seeded library (random pHashes): the band-index lookup the job does, beside reading
 * every hash of the owner as it did before (the cost that grew with the library).
 */
async function similarAtScale(): Promise<void> {
  const database = await openDb<GalleryDB>({ url: undefined, sqlitePath: join(dir, 'data', 'gallery', 'gallery.db'), schema: 'gallery' });
  const similar = new SimilarStore(database.db);
  const deps = { db: database.db, similar, clock: systemClock, threshold: DEFAULT_SIMILAR_THRESHOLD };
  const now = new Date().toISOString();
  const assign: number[] = [];
  for (let i = 0; i < 40; i++) {
    const { id } = await database.db.insertInto('media').values(seededPhoto(now, false)).returning('id').executeTakeFirstOrThrow();
    const t = performance.now();
    const result = await runAssign(id, deps, log);
    assign.push(performance.now() - t);
    if (result !== 'done') throw new Error(`assignment answered ${result}`);
  }
  const scan: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const hexes: string[] = [];
    for (let after = ''; ; ) {
      const page = await similar.pageHashes('bench', after, 5000);
      for (const p of page) hexes.push(p.phash);
      if (page.length < 5000) break;
      after = page.at(-1)!.id;
    }
    packHexHashes(hexes);
    scan.push(performance.now() - t);
  }
  await database.close();
  assign.sort((a, b) => a - b);
  scan.sort((a, b) => a - b);
  row(`similar-photo assignment of a new photo in a ${ROWS}-photo library, p50 / p99 ms`, `${percentile(assign, 50).toFixed(2)} / ${percentile(assign, 99).toFixed(2)}`, `${percentile(scan, 50).toFixed(0)} (reading every hash, as before)`, 'band indexes on the pHash: a few indexed lookups per photo');
}

function getJson(agent: Agent, url: string, headers: Record<string, string>): Promise<unknown> {
  return send(agent, 'GET', url, headers).then((res) => {
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${res.body}`);
    return JSON.parse(res.body);
  });
}

function send(agent: Agent, method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Streams a VIDEO_MB MP4-looking body through POST /media/upload and samples this process's RSS. */
async function videoRss(url: string, auth: Record<string, string>): Promise<void> {
  const total = VIDEO_MB * 1024 * 1024;
  const ftyp = Buffer.from('000000206674797069736f6d0000020069736f6d69736f326176633166747970', 'hex').subarray(0, 32);
  const chunk = Buffer.alloc(1024 * 1024, 7);
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const piece = sent === 0 ? Buffer.concat([ftyp, chunk.subarray(ftyp.length)]) : chunk;
      sent += piece.length;
      this.push(piece);
    },
  });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${url}/media/upload`, { method: 'POST', headers: { ...auth, 'content-type': 'video/mp4', 'x-filename': 'big.mp4', 'content-length': String(total) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    body.pipe(req);
  });
  clearInterval(timer);
  const secs = (performance.now() - start) / 1000;
  const mbps = (total / 1024 / 1024 / secs).toFixed(0);
  row(`RSS while a ${VIDEO_MB} MB video streams through POST /media/upload`, `+${((peak - baseline) / 1e6).toFixed(0)} MB peak`, `${(baseline / 1e6).toFixed(0)} MB before`, status === 200 ? `HTTP 200, ${mbps} MB/s` : `HTTP ${status} after ${secs.toFixed(1)} s (S3 service answered an error)`);
}

await main();
