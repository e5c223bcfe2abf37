// Multi-index hashing layout. The 64 bits are cut into m contiguous bands. Refined pigeonhole: with
// t = m·r + a (0 ≤ a < m), two hashes within distance t agree within r bits on one of a+1 chosen
// bands or within r−1 bits on one of the others (otherwise they would differ in ≥ t+1 bits).
// So each band is searched exactly (radius 0) or with every key at distance ≤ its radius; fewer,
// wider bands mean fewer candidates but more keys to enumerate. The plan picks m from a cost model
// whose per-operation weights were measured with bench/similar.bench.ts.
import { popcount32 } from '../imaging/phash.ts';

export interface Band {
  /** Lowest bit of the band in the 64-bit hash (bit 0 = least significant). */
  readonly start: number;
  readonly width: number;
  /** Search radius inside the band; −1 = band not searched. */
  readonly radius: number;
  readonly hiMask: number;
  readonly loMask: number;
}

export type SearchPlan = { readonly kind: 'naive' } | { readonly kind: 'bands'; readonly bands: readonly Band[] };

// Cost weights in ns on one core, fitted to bench/similar.bench.ts runs at 100k and 1M: per mask
// and occupied key (bitmap scan and bucket-pair join), one candidate Hamming check, one all-pairs
// comparison, and the per-band counting sort per hash.
const KEY_NS = 6;
const PAIR_NS = 5;
const NAIVE_NS = 4.4;
const BUILD_NS = 150;
/** Widest band: its key table has 2^width slots, kept within a few times N. */
const MAX_WIDTH = 24;

export function ballSize(width: number, radius: number): number {
  let total = 0;
  let c = 1;
  for (let k = 0; k <= radius && k <= width; k++) {
    total += c;
    c = (c * (width - k)) / (k + 1);
  }
  return total;
}

function mask(bits: number): number {
  return bits >= 32 ? 0xffffffff : (1 << bits) - 1;
}

export function makeBand(start: number, width: number, radius: number): Band {
  if (width < 1 || width > MAX_WIDTH || start < 0 || start + width > 64) throw new RangeError('bad band');
  const end = start + width;
  const loMask = start >= 32 ? 0 : ((mask(Math.min(end, 32) - start) << start) >>> 0);
  const hiMask = end <= 32 ? 0 : ((mask(end - Math.max(start, 32)) << (Math.max(start, 32) - 32)) >>> 0);
  return { start, width, radius, hiMask, loMask };
}

/** The band's bits of hash (hi, lo) as an integer in [0, 2^width). */
export function bandKey(band: Band, hi: number, lo: number): number {
  const { start, width } = band;
  if (start >= 32) return (hi >>> (start - 32)) & mask(width);
  if (start + width <= 32) return (lo >>> start) & mask(width);
  const lowBits = 32 - start;
  return ((lo >>> start) | ((hi & mask(width - lowBits)) << lowBits)) >>> 0;
}

/** Bits that differ inside the band, given the XOR of two hashes. */
export function bandDistance(band: Band, xhi: number, xlo: number): number {
  return popcount32((xhi & band.hiMask) >>> 0) + popcount32((xlo & band.loMask) >>> 0);
}

function bandCost(n: number, width: number, radius: number): number {
  if (radius < 0) return 0;
  const slots = 2 ** width;
  const perMask = KEY_NS * Math.min(n, slots) + (PAIR_NS * n * n) / slots;
  // Each non-zero mask visits every bucket pair once (half the keys); mask 0 pairs within buckets.
  return BUILD_NS * n + (ballSize(width, radius) * perMask) / 2;
}

/** m bands of (nearly) equal width, radii assigned by the refined pigeonhole to the cheapest bands. */
export function layoutBands(m: number, threshold: number, n: number): Band[] {
  const widths = Array.from({ length: m }, (_, s) => Math.floor(64 / m) + (s < 64 % m ? 1 : 0));
  const r = Math.floor(threshold / m);
  const a = threshold % m;
  // a+1 bands get radius r, the rest r−1: pick the bands where the extra radius costs least.
  const order = widths
    .map((w, s) => ({ s, extra: bandCost(n, w, r) - bandCost(n, w, r - 1) }))
    .sort((x, y) => x.extra - y.extra || x.s - y.s);
  const radius = new Array<number>(m).fill(r - 1);
  for (const { s } of order.slice(0, a + 1)) radius[s] = r;
  let start = 0;
  return widths.map((w, s) => {
    const band = makeBand(start, w, radius[s]!);
    start += w;
    return band;
  });
}

export function planCost(plan: SearchPlan, n: number): number {
  if (plan.kind === 'naive') return (NAIVE_NS * n * n) / 2;
  return plan.bands.reduce((sum, b) => sum + bandCost(n, b.width, b.radius), 0);
}

/** Cheapest plan for n hashes at this threshold: naive for small n, else the best band count. */
export function planSearch(n: number, threshold: number): SearchPlan {
  checkThreshold(threshold);
  let best: SearchPlan = { kind: 'naive' };
  let bestCost = planCost(best, n);
  const maxWidth = Math.min(MAX_WIDTH, Math.max(8, Math.ceil(Math.log2(Math.max(n, 2))) + 2));
  const minBands = Math.ceil(64 / maxWidth);
  // More than t+1 bands never helps (t+1 exact bands already cover every pair).
  for (let m = minBands; m <= Math.max(minBands, threshold + 1); m++) {
    const plan: SearchPlan = { kind: 'bands', bands: layoutBands(m, threshold, n) };
    const cost = planCost(plan, n);
    if (cost < bestCost) {
      best = plan;
      bestCost = cost;
    }
  }
  return best;
}

export function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 32) {
    throw new RangeError(`Hamming threshold must be an integer from 0 to 32, got ${threshold}`);
  }
}
