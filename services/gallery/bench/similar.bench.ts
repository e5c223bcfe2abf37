/**
 * npm run bench:similar — similar-photo detection on 100k and 1M random 64-bit hashes with planted
 * clusters (2% of items in clusters of 2–5, each member within t bits of its seed): our multi-index
 * search + complete-link grouping beside naive all-pairs in the same run (run whole at 100k,
 * extrapolated from sampled rows at 1M), with recall of the planted pairs and peak memory.
 * Each configuration runs in its own child process so peak RSS is its own. One core: all of it is
 * single-threaded JavaScript; CPU time is shown next to wall time because the machine may be shared.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { popcount64 } from '../src/imaging/phash.ts';
import { planSearch } from '../src/similarity/bands.ts';
import { DEFAULT_SIMILAR_THRESHOLD } from '../src/similarity/detect.ts';
import { groupPairs } from '../src/similarity/grouping.ts';
import { naivePairs } from '../src/similarity/naive.ts';
import type { PackedHashes } from '../src/similarity/packed.ts';
import { findSimilarPairs } from '../src/similarity/search.ts';

interface Result {
  n: number;
  t: number;
  plan: string;
  searchMs: number;
  cpuMs: number;
  groupMs: number;
  pairs: number;
  groups: number;
  planted: number;
  plantedFound: number;
  naiveMs: number;
  naiveCpuMs: number;
  naiveExtrapolated: boolean;
  naiveAgrees: boolean;
  inputRssMb: number;
  peakRssMb: number;
  heapMb: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let z = Math.imul(s ^ (s >>> 15), s | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
}

/** Random hashes; 2% of them in clusters of 2–5 whose members are 1..t random bits from the seed. */
function generate(n: number, t: number): { hashes: PackedHashes; clusters: number[][] } {
  const r = rng(n ^ (t << 24));
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    hi[i] = r();
    lo[i] = r();
  }
  const used = new Uint8Array(n);
  const pick = (): number => {
    for (;;) {
      const i = r() % n;
      if (!used[i]) return (used[i] = 1), i;
    }
  };
  const clusters: number[][] = [];
  for (let placed = 0; placed < n * 0.02; ) {
    const seed = pick();
    const members = [seed];
    for (let size = 2 + (r() % 4); members.length < size; ) {
      const m = pick();
      let h = hi[seed]!;
      let l = lo[seed]!;
      const flips = new Set<number>();
      for (const k = 1 + (r() % t); flips.size < k; ) flips.add(r() % 64);
      for (const b of flips) b < 32 ? (l ^= 1 << b) : (h ^= 1 << (b - 32));
      hi[m] = h >>> 0;
      lo[m] = l >>> 0;
      members.push(m);
    }
    clusters.push(members);
    placed += members.length;
  }
  return { hashes: { hi, lo, length: n }, clusters };
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

function runOne(n: number, t: number): Result {
  const { hashes, clusters } = generate(n, t);
  const inputRssMb = mb(process.memoryUsage().rss);
  const plan = planSearch(n, t);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const pairs = findSimilarPairs(hashes, { threshold: t, plan });
  const searchMs = performance.now() - t0;
  const t1 = performance.now();
  const groups = groupPairs(hashes, pairs, { threshold: t });
  const groupMs = performance.now() - t1;
  const cpuMs = process.cpuUsage(cpu0).user / 1000;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const heapMb = mb(process.memoryUsage().heapUsed);

  const found = pairs.keys();
  const key = (i: number, j: number): number => Math.min(i, j) * 0x100000000 + Math.max(i, j);
  let planted = 0;
  let plantedFound = 0;
  for (const c of clusters) {
    for (let x = 0; x < c.length; x++) {
      for (let y = x + 1; y < c.length; y++) {
        const [i, j] = [c[x]!, c[y]!];
        if (popcount64(hashes.hi[i]! ^ hashes.hi[j]!, hashes.lo[i]! ^ hashes.lo[j]!) > t) continue;
        planted++;
        if (found.has(key(i, j))) plantedFound++;
      }
    }
  }
  // The peer: every pair at 100k; at 1M, 1024 sampled rows each against all N, in column blocks
  // that stay in cache (as a tuned all-pairs loop would), extrapolated to N(N−1)/2 comparisons.
  let naiveMs: number;
  let naiveCpuMs: number;
  let naiveAgrees = true;
  const extrapolated = n > 100_000;
  const c0 = process.cpuUsage();
  const s0 = performance.now();
  if (!extrapolated) {
    const all = naivePairs(hashes, t);
    naiveMs = performance.now() - s0;
    naiveCpuMs = process.cpuUsage(c0).user / 1000;
    naiveAgrees = all.length === pairs.length && [...all.keys()].every((k) => found.has(k));
  } else {
    const r = rng(99);
    const rows = Array.from({ length: 1024 }, () => r() % n);
    const hits: number[][] = rows.map(() => []);
    const BLOCK = 8192;
    for (let from = 0; from < n; from += BLOCK) {
      const to = Math.min(n, from + BLOCK);
      rows.forEach((i, s) => {
        const h = hashes.hi[i]!;
        const l = hashes.lo[i]!;
        for (let j = from; j < to; j++) if (popcount64(h ^ hashes.hi[j]!, l ^ hashes.lo[j]!) <= t && j !== i) hits[s]!.push(j);
      });
    }
    const scale = (n * (n - 1)) / 2 / (rows.length * n);
    naiveMs = (performance.now() - s0) * scale;
    naiveCpuMs = (process.cpuUsage(c0).user / 1000) * scale;
    naiveAgrees = rows.every((i, s) => hits[s]!.every((j) => found.has(key(i, j))));
  }
  const planText = plan.kind === 'naive' ? 'naive' : plan.bands.map((b) => `${b.width}b/r${b.radius}`).join(' ');
  return {
    n, t, plan: planText, searchMs, cpuMs, groupMs, pairs: pairs.length, groups: groups.length, planted,
    plantedFound, naiveMs, naiveCpuMs, naiveExtrapolated: extrapolated, naiveAgrees, inputRssMb, peakRssMb, heapMb,
  };
}

function fmtS(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(2)} s`;
}

function printTable(results: Result[]): void {
  const head = ['N', 't', 'bands (width/radius)', 'search', 'group', 'ours wall', 'ours cpu', 'naive all-pairs cpu',
    'speed-up (cpu)', 'pairs / groups', 'planted recall', 'naive agrees', 'RSS input→peak', 'heap'];
  const rows = results.map((r) => [
    r.n.toLocaleString('en-US'), String(r.t), r.plan, fmtS(r.searchMs), fmtS(r.groupMs), fmtS(r.searchMs + r.groupMs),
    fmtS(r.cpuMs), `${fmtS(r.naiveCpuMs)}${r.naiveExtrapolated ? ' (extrapolated)' : ''}`,
    `${Math.round(r.naiveCpuMs / r.cpuMs)}×`, `${r.pairs} / ${r.groups}`,
    `${r.plantedFound}/${r.planted} = ${((100 * r.plantedFound) / r.planted).toFixed(1)}%`,
    r.naiveAgrees ? 'yes' : 'NO', `${r.inputRssMb}→${r.peakRssMb} MB`, `${r.heapMb} MB`,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
  process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--one') {
  process.stdout.write(`${JSON.stringify(runOne(Number(args[1]), Number(args[2])))}\n`);
} else {
  const thresholds = [...new Set([DEFAULT_SIMILAR_THRESHOLD, 10])];
  const results: Result[] = [];
  for (const n of [100_000, 1_000_000]) {
    for (const t of thresholds) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', String(n), String(t)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (child.status !== 0) throw new Error(`benchmark child failed for N=${n} t=${t}`);
      const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as Result;
      results.push(result);
      process.stderr.write(`done N=${n} t=${t}: ${fmtS(result.cpuMs)} cpu\n`);
    }
  }
  process.stdout.write(`\nSimilar photos (default threshold ${DEFAULT_SIMILAR_THRESHOLD}); target: 1M grouped < 10 s on one core, planted recall 100%\n`);
  printTable(results);
  const failed = results.filter((r) => r.plantedFound !== r.planted || !r.naiveAgrees);
  if (failed.length > 0) {
    process.stderr.write('planted pairs missed or naive disagrees\n');
    process.exitCode = 1;
  }
}
