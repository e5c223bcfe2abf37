/**
 * node --import tsx services/gallery/bench/similar-job.bench.ts [N] — the "detect similar photos" job
 * end to end on SQLite: N media rows of one user seeded with random pHashes (2% in planted clusters
 * of 2–4 near-identical photos), then POST-equivalent `detect` → the real worker runs the job
 * (page through ids, pack, group, store groups in batches). Beside it, in the same run: the engine
 * alone on the same hashes (the ceiling: no database) and naive all-pairs (the peer, extrapolated
 * from sampled rows). All hashes are present, so no thumbnail is fetched (no backfill).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createLogger, migrateToLatest, openDb, systemClock } from '@photocloud/kit';
import { BlobStore } from '../src/blobs/blob-store.ts';
import { GALLERY_MIGRATIONS } from '../src/db/migrations.ts';
import type { GalleryDB, MediaTable } from '../src/db/schema.ts';
import { DEFAULT_SIMILAR_THRESHOLD, detectSimilarGroups } from '../src/similarity/detect.ts';
import { naivePairs } from '../src/similarity/naive.ts';
import { packHexHashes } from '../src/similarity/packed.ts';
import { createGallery } from '../src/wiring.ts';

const N = Number(process.argv[2] ?? 100_000);
const OWNER = 'bench-user';
const NAIVE_SAMPLE_ROWS = 2000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Random hashes; 2% of them in clusters whose members differ from their seed in 2 bits. */
function hashes(n: number): { hexes: string[]; planted: number } {
  const r = rng(42);
  const word = () => Math.floor(r() * 2 ** 32);
  const hex = (hi: number, lo: number) => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  const out: string[] = [];
  let planted = 0;
  while (out.length < n) {
    const hi = word();
    const lo = word();
    out.push(hex(hi, lo));
    if (r() < 0.02 / 3 && out.length < n - 4) {
      const size = 1 + Math.floor(r() * 3);
      planted++;
      for (let k = 0; k < size; k++) {
        const b1 = Math.floor(r() * 32);
        const b2 = Math.floor(r() * 32);
        out.push(hex(hi ^ (1 << b1), lo ^ (1 << b2)));
      }
    }
  }
  return { hexes: out.slice(0, n), planted };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'similar-job-'));
  // The job logs its time per phase at info: to stderr, so the table stays alone on stdout.
  const log = createLogger({ service: 'bench', level: 'info', destination: process.stderr });
  const database = await openDb<GalleryDB>({ url: undefined, sqlitePath: join(dir, 'gallery.db'), schema: 'gallery' });
  try {
    await migrateToLatest(database.db, GALLERY_MIGRATIONS);
    const { hexes, planted } = hashes(N);
    const now = new Date().toISOString();
    const t0 = performance.now();
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < N; i += 500) {
        const rows: MediaTable[] = hexes.slice(i, i + 500).map((phash, k) => {
          const id = randomUUID();
          return {
            id, ownerId: OWNER, status: 'ready', kind: 'photo', mime: 'image/jpeg', originalName: `IMG_${i + k}.jpg`,
            objectKey: `users/${OWNER}/originals/2024/01/${id}.jpg`, sizeBytes: 2_000_000 + k, sha256: randomUUID().replaceAll('-', '').padEnd(64, '0'),
            takenAt: now, takenAtOffset: null, takenAtSource: 'exif', width: 4000, height: 3000, orientation: 1, durationMs: null,
            latitude: null, longitude: null, exif: null, thumbhash: null, phash, hasThumbnail: 1, hasPreview: 1, isFavorite: 0,
            description: null, trashedAt: null, createdAt: now, updatedAt: now,
          };
        });
        await trx.insertInto('media').values(rows).execute();
      }
    });
    // The seed's WAL is folded into the database now, so the job does not pay for the seed's I/O.
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
    const seedMs = performance.now() - t0;

    // Never contacted: every row already has its hash.
    const blobs = new BlobStore({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'photocloud', accessKeyId: 'x', secretAccessKey: 'x' });
    const config = { maxUploadBytes: 1, userQuotaBytes: 0, uploadTtlSeconds: 60, wholeBodyBytes: 131072, presignTtlSeconds: 60, trashDays: 30, workerConcurrency: 1, similarThreshold: DEFAULT_SIMILAR_THRESHOLD };
    const gallery = createGallery({ database, blobs, config: config as Parameters<typeof createGallery>[0]['config'], clock: systemClock, log });
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    const cpu0 = process.cpuUsage();
    const t1 = performance.now();
    const queued = await gallery.similar.detect(OWNER);
    await gallery.worker.runUntilIdle();
    const jobMs = performance.now() - t1;
    const jobCpuMs = cpuMs(cpu0);
    const job = await gallery.similar.job(OWNER, queued.id);
    if (job.status !== 'done') throw new Error(`job ended ${job.status}: ${job.error}`);

    const cpu2 = process.cpuUsage();
    const t2 = performance.now();
    const packed = packHexHashes(hexes);
    const engineGroups = detectSimilarGroups(packed, { threshold: DEFAULT_SIMILAR_THRESHOLD });
    const engineMs = performance.now() - t2;
    const engineCpuMs = cpuMs(cpu2);

    const cpu3 = process.cpuUsage();
    const t3 = performance.now();
    naivePairs(packed, DEFAULT_SIMILAR_THRESHOLD, 0, NAIVE_SAMPLE_ROWS);
    const sampleMs = performance.now() - t3;
    const sampleCpuMs = cpuMs(cpu3);
    // Row i compares with N − i − 1 others: the sample's share of all N(N−1)/2 pairs.
    const samplePairs = NAIVE_SAMPLE_ROWS * N - (NAIVE_SAMPLE_ROWS * (NAIVE_SAMPLE_ROWS + 1)) / 2;
    const scale = (N * (N - 1)) / 2 / samplePairs;
    const naiveMs = sampleMs * scale;

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const rows = [
      ['detect job, end to end (SQLite)', s(jobMs), `${s(jobCpuMs)} cpu`, String(job.counts.groups), String(job.counts.groupedMedia)],
      ['engine alone, same hashes (ceiling)', s(engineMs), `${s(engineCpuMs)} cpu`, String(engineGroups.length), String(engineGroups.reduce((n, g) => n + g.members.length, 0))],
      ['naive all-pairs (peer, extrapolated)', s(naiveMs), `${s(sampleCpuMs * scale)} cpu`, '', ''],
    ];
    const head = ['N = ' + N.toLocaleString('en') + `, t = ${DEFAULT_SIMILAR_THRESHOLD}`, 'wall', 'cpu', 'groups', 'grouped photos'];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
    process.stdout.write(`\nSimilar-photo detection job (seeded ${N} rows in ${s(seedMs)}; ${planted} planted clusters)\n`);
    process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
    if (job.counts.groups < planted) {
      process.stderr.write(`the job found ${job.counts.groups} groups for ${planted} planted clusters\n`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
