// Self-join: every unordered pair of hashes within Hamming distance `threshold`, each reported once.
// Per band: counting-sort the hashes by band key (direct-addressed buckets, 2^width ≤ ~4N slots),
// then for every mask of ≤ radius bits join bucket k with bucket k^mask. Visiting masks in the
// outer loop and keys in ascending order keeps memory access nearly sequential; an occupancy
// bitmap finds the non-empty bucket pairs 32 keys at a time, and taking only keys whose top mask
// bit is 0 visits each bucket pair once. Candidates are checked on the full
// 64 bits; a pair already reachable through an earlier band is skipped, so no dedupe set is needed.
// Memory: the hashes (8 bytes each) plus one band's buckets at a time (≤ ~32 bytes per hash).
import { popcount64 } from '../imaging/phash.ts';
import { bandDistance, bandKey, checkThreshold, planSearch, type Band, type SearchPlan } from './bands.ts';
import { naivePairs } from './naive.ts';
import { PairList, type PackedHashes } from './packed.ts';

export interface SearchOptions {
  threshold: number;
  /** Force a plan (tests, benchmarks); default: the cheapest by the cost model. */
  plan?: SearchPlan;
}

export function findSimilarPairs(hashes: PackedHashes, options: SearchOptions): PairList {
  const { threshold } = options;
  checkThreshold(threshold);
  const plan = options.plan ?? planSearch(hashes.length, threshold);
  if (plan.kind === 'naive') return naivePairs(hashes, threshold);
  const out = new PairList();
  const scratch = bandScratch(hashes.length, plan.bands);
  plan.bands.forEach((band, s) => {
    if (band.radius >= 0) joinBand(hashes, threshold, band, plan.bands.slice(0, s), out, scratch);
  });
  return out;
}

/** Masks of `width` bits with 1..radius bits set. */
export function enumerateMasks(width: number, radius: number): number[] {
  const out: number[] = [];
  const walk = (from: number, bits: number, value: number): void => {
    for (let b = from; b < width; b++) {
      const next = (value | (1 << b)) >>> 0;
      out.push(next);
      if (bits + 1 < radius) walk(b + 1, bits + 1, next);
    }
  };
  if (radius > 0) walk(0, 0, 0);
  return out;
}

export interface Buckets {
  /** offsets[k]..offsets[k+1] = positions of key k in the sorted arrays. */
  offsets: Uint32Array;
  /** Non-empty keys, ascending. */
  keys: Uint32Array;
  /** Bit k set when bucket k is non-empty (2^width bits: small enough to stay in cache). */
  occupied: Uint32Array;
  order: Uint32Array;
  hi: Uint32Array;
  lo: Uint32Array;
}

/** Buffers for sortByBand, reused across bands so only one band's worth is ever allocated. */
export function bandScratch(n: number, bands: readonly Band[]): Buckets {
  const slots = 2 ** Math.max(0, ...bands.filter((b) => b.radius >= 0).map((b) => b.width));
  return {
    offsets: new Uint32Array(slots + 1),
    keys: new Uint32Array(Math.min(n, slots)),
    occupied: new Uint32Array(Math.ceil(slots / 32)),
    order: new Uint32Array(n),
    hi: new Uint32Array(n),
    lo: new Uint32Array(n),
  };
}

export function sortByBand(hashes: PackedHashes, band: Band, scratch = bandScratch(hashes.length, [band])): Buckets {
  const n = hashes.length;
  const slots = 2 ** band.width;
  // Counting sort without a cursor copy: offsets[k+1] starts as the end of bucket k and is walked
  // down while placing (last item first, so the order stays stable), then shifted into place.
  const offsets = scratch.offsets.subarray(0, slots + 1).fill(0);
  for (let i = 0; i < n; i++) offsets[bandKey(band, hashes.hi[i]!, hashes.lo[i]!) + 1]!++;
  let distinct = 0;
  for (let k = 0; k < slots; k++) {
    if (offsets[k + 1]! > 0) distinct++;
    offsets[k + 1]! += offsets[k]!;
  }
  const { order, hi, lo } = scratch;
  for (let i = n - 1; i >= 0; i--) {
    const h = hashes.hi[i]!;
    const l = hashes.lo[i]!;
    const p = --offsets[bandKey(band, h, l) + 1]!;
    order[p] = i;
    hi[p] = h;
    lo[p] = l;
  }
  offsets.copyWithin(0, 1);
  offsets[slots] = n;
  const keys = scratch.keys.subarray(0, distinct);
  const occupied = scratch.occupied.subarray(0, Math.ceil(slots / 32)).fill(0);
  for (let k = 0, d = 0; k < slots; k++) {
    if (offsets[k + 1]! > offsets[k]!) {
      keys[d++] = k;
      occupied[k >>> 5]! |= 1 << (k & 31);
    }
  }
  return { offsets, keys, occupied, order, hi, lo };
}

function joinBand(
  hashes: PackedHashes,
  t: number,
  band: Band,
  earlier: readonly Band[],
  out: PairList,
  scratch: Buckets,
): void {
  const { offsets, keys, occupied, order, hi, lo } = sortByBand(hashes, band, scratch);
  const searched = earlier.filter((b) => b.radius >= 0);
  // A pair within t is reported here unless an earlier band already reached it.
  const accept = (p: number, q: number, xhi: number, xlo: number, d: number): void => {
    for (const b of searched) if (bandDistance(b, xhi, xlo) <= b.radius) return;
    out.push(order[p]!, order[q]!, d);
  };
  const nKeys = keys.length;
  for (let i = 0; i < nKeys; i++) {
    // Mask 0: pairs inside one bucket.
    const k = keys[i]!;
    const end = offsets[k + 1]!;
    for (let p = offsets[k]!; p < end; p++) {
      const h = hi[p]!;
      const l = lo[p]!;
      for (let q = p + 1; q < end; q++) {
        const d = popcount64(h ^ hi[q]!, l ^ lo[q]!);
        if (d <= t) accept(p, q, h ^ hi[q]!, l ^ lo[q]!, d);
      }
    }
  }
  // Non-zero masks, 32 keys at a time: word w of the occupancy bitmap against the word holding
  // k^m, its bits permuted by the low 5 mask bits, leaves only the non-empty bucket pairs. Only keys
  // whose top mask bit is 0 start a pair, so each pair {k, k^m} is joined once.
  const words = occupied.length;
  for (const m of enumerateMasks(band.width, band.radius)) {
    const top = 1 << (31 - Math.clz32(m));
    const wordXor = m >>> 5;
    const bitXor = m & 31;
    // Top mask bit inside the word: keep positions where it is 0. Otherwise whole words whose
    // top-mask bit is 0 start pairs; they come in runs of `run` words every `2 * run`.
    const startBits = wordXor === 0 ? LOW_HALF[31 - Math.clz32(top)]! : 0xffffffff;
    const run = wordXor === 0 ? words : top >>> 5;
    for (let base = 0; base < words; base += 2 * run) {
      const runEnd = Math.min(words, base + run);
      for (let w = base; w < runEnd; w++) {
        let both = occupied[w]! & permuteBits(occupied[w ^ wordXor]!, bitXor) & startBits;
        while (both !== 0) {
          const bit = 31 - Math.clz32(both & -both);
          both &= both - 1;
          const k = (w << 5) | bit;
          const other = k ^ m;
          const qStart = offsets[other]!;
          const qEnd = offsets[other + 1]!;
          const pEnd = offsets[k + 1]!;
          for (let p = offsets[k]!; p < pEnd; p++) {
            const h = hi[p]!;
            const l = lo[p]!;
            for (let q = qStart; q < qEnd; q++) {
              const d = popcount64(h ^ hi[q]!, l ^ lo[q]!);
              if (d <= t) accept(p, q, h ^ hi[q]!, l ^ lo[q]!, d);
            }
          }
        }
      }
    }
  }
}

/** For bit b < 5: the bit positions j in a word with bit b of j clear. */
const LOW_HALF = [0x55555555, 0x33333333, 0x0f0f0f0f, 0x00ff00ff, 0x0000ffff];

/** Bit j of the result is bit j ^ c of x (c < 32): XOR-permutes bit positions by swapping blocks. */
function permuteBits(x: number, c: number): number {
  if (c & 1) x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  if (c & 2) x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  if (c & 4) x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  if (c & 8) x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  if (c & 16) x = (x >>> 16) | (x << 16);
  return x;
}
