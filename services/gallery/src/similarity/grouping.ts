// Groups from neighbour pairs without chaining. Single-link (connected components) would put A and
// C together through B even when A and C look nothing alike; instead pairs are taken closest first
// and two groups merge only if every cross pair is within the threshold (complete-link), so every
// group's diameter stays ≤ t. Groups are small, so the cross check is cheap. Each member is scored
// against the group's medoid (the member with the least total distance to the others).
import type { PackedHashes } from './packed.ts';
import { distanceAt, type PairList } from './packed.ts';

export interface SimilarMember {
  index: number;
  /** Hamming distance to the medoid. */
  distance: number;
  /** 1 − distance/64. */
  score: number;
}

export interface SimilarGroup {
  medoid: number;
  /** Medoid first, then by distance and index. */
  members: SimilarMember[];
  /** Position in `initial` when this group extends a given group. */
  initial?: number;
}

interface Cluster {
  id: number;
  members: number[];
  initial: number | undefined;
}

export interface GroupingOptions {
  threshold: number;
  /** Groups that already exist (indices into hashes): kept, may gain members, never merged together. */
  initial?: readonly (readonly number[])[];
}

/** Pair positions sorted by (distance, a, b) so the result does not depend on how pairs were found. */
function sortedPairs(pairs: PairList): Uint32Array {
  const idx = new Uint32Array(pairs.length);
  for (let k = 0; k < idx.length; k++) idx[k] = k;
  const { a, b, distance } = pairs;
  return idx.sort((x, y) => distance[x]! - distance[y]! || a[x]! - a[y]! || b[x]! - b[y]!);
}

function fitsTogether(hashes: PackedHashes, x: Cluster, y: Cluster, t: number): boolean {
  for (const i of x.members) for (const j of y.members) if (distanceAt(hashes, i, j) > t) return false;
  return true;
}

export function groupPairs(hashes: PackedHashes, pairs: PairList, options: GroupingOptions): SimilarGroup[] {
  const { threshold: t, initial = [] } = options;
  const clusterOf = new Map<number, Cluster>();
  let nextId = 0;
  initial.forEach((members, g) => {
    const cluster: Cluster = { id: nextId++, members: [...members], initial: g };
    for (const i of members) {
      if (clusterOf.has(i)) throw new TypeError(`item ${i} is in two initial groups`);
      clusterOf.set(i, cluster);
    }
  });
  const get = (i: number): Cluster => {
    let c = clusterOf.get(i);
    if (!c) clusterOf.set(i, (c = { id: nextId++, members: [i], initial: undefined }));
    return c;
  };
  // Two clusters that did not fit never will (both only grow), so each pair of them is checked
  // once: dense bursts stay O(k²) instead of re-checking a whole group for every pair.
  const failed = new Set<number>();
  for (const k of sortedPairs(pairs)) {
    let x = get(pairs.a[k]!);
    let y = get(pairs.b[k]!);
    if (x === y || (x.initial !== undefined && y.initial !== undefined)) continue;
    const key = Math.min(x.id, y.id) * 2 ** 26 + Math.max(x.id, y.id);
    if (failed.has(key)) continue;
    if (!fitsTogether(hashes, x, y, t)) {
      failed.add(key);
      continue;
    }
    // Keep the initial group's identity, else grow the larger one.
    if (y.initial !== undefined || (x.initial === undefined && y.members.length > x.members.length)) [x, y] = [y, x];
    for (const i of y.members) {
      x.members.push(i);
      clusterOf.set(i, x);
    }
  }
  const seen = new Set<Cluster>();
  const groups: SimilarGroup[] = [];
  for (const c of clusterOf.values()) {
    if (seen.has(c)) continue;
    seen.add(c);
    if (c.members.length >= 2 || c.initial !== undefined) groups.push(describe(hashes, c));
  }
  return groups.sort((g, h) => (g.initial ?? Infinity) - (h.initial ?? Infinity) || g.medoid - h.medoid);
}

function describe(hashes: PackedHashes, c: Cluster): SimilarGroup {
  let medoid = c.members[0]!;
  let best = Infinity;
  for (const i of c.members) {
    let sum = 0;
    for (const j of c.members) sum += distanceAt(hashes, i, j);
    if (sum < best || (sum === best && i < medoid)) [best, medoid] = [sum, i];
  }
  const members = c.members
    .map((index) => {
      const distance = distanceAt(hashes, index, medoid);
      return { index, distance, score: 1 - distance / 64 };
    })
    .sort((p, q) => Number(q.index === medoid) - Number(p.index === medoid) || p.distance - q.distance || p.index - q.index);
  return c.initial === undefined ? { medoid, members } : { medoid, members, initial: c.initial };
}
