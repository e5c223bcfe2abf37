// New uploads join the existing grouping without re-running the whole search: the new hashes are
// looked up against the existing ones (one band at a time, every key within the band's radius)
// and against each other, then the same complete-link rule runs with the existing groups fixed.
import { popcount64 } from '../imaging/phash.ts';
import { bandDistance, checkThreshold, planSearch, type SearchPlan } from './bands.ts';
import { groupPairs, type SimilarGroup } from './grouping.ts';
import { concatHashes, PairList, type PackedHashes } from './packed.ts';
import { bandScratch, enumerateMasks, findSimilarPairs, sortByBand } from './search.ts';

/** Up to this many new hashes, a linear scan beats building the bands (measured at 1M). */
const SCAN_MAX_ADDED = 32;

/** Pairs (i in existing, j in added) within t; j is reported as existing.length + j. */
export function findPairsAcross(
  existing: PackedHashes,
  added: PackedHashes,
  threshold: number,
  plan: SearchPlan = planSearch(existing.length, threshold),
): PairList {
  checkThreshold(threshold);
  const out = new PairList();
  const offset = existing.length;
  // A few uploads: scanning is cheaper than sorting the library once per band.
  if (plan.kind === 'naive' || added.length <= SCAN_MAX_ADDED) {
    for (let j = 0; j < added.length; j++) {
      const h = added.hi[j]!;
      const l = added.lo[j]!;
      for (let i = 0; i < existing.length; i++) {
        const d = popcount64(h ^ existing.hi[i]!, l ^ existing.lo[i]!);
        if (d <= threshold) out.push(i, offset + j, d);
      }
    }
    return out;
  }
  const { bands } = plan;
  const scratch = bandScratch(existing.length, bands);
  bands.forEach((band, s) => {
    if (band.radius < 0 || existing.length === 0) return;
    const { offsets, order, hi, lo } = sortByBand(existing, band, scratch);
    const masks = [0, ...enumerateMasks(band.width, band.radius)];
    const earlier = bands.slice(0, s).filter((b) => b.radius >= 0);
    const keyed = sortByBand(added, band);
    for (let pos = 0; pos < added.length; pos++) {
      const h = keyed.hi[pos]!;
      const l = keyed.lo[pos]!;
      const k = bandKeyAt(keyed.offsets, pos);
      for (const m of masks) {
        const other = k ^ m;
        const qEnd = offsets[other + 1]!;
        for (let q = offsets[other]!; q < qEnd; q++) {
          const xhi = h ^ hi[q]!;
          const xlo = l ^ lo[q]!;
          const d = popcount64(xhi, xlo);
          if (d > threshold || earlier.some((b) => bandDistance(b, xhi, xlo) <= b.radius)) continue;
          out.push(order[q]!, offset + keyed.order[pos]!, d);
        }
      }
    }
  });
  return out;
}

/** The key of sorted position `pos`: the slot whose offset range holds it (binary search). */
function bandKeyAt(offsets: Uint32Array, pos: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (offsets[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface AssignInput {
  /** Hashes already known (grouped or not). */
  existing: PackedHashes;
  /** Current groups, as indices into `existing`. */
  groups: readonly (readonly number[])[];
  added: PackedHashes;
  threshold: number;
}

/**
 * Index space of the result: 0..existing.length−1 are existing items, existing.length + j is added[j].
 * Returns the groups that changed (with `initial` = position in `groups`) and the new groups; an
 * existing group gains an item only if every member stays within the threshold of it.
 */
export function assignToGroups(input: AssignInput): { extended: SimilarGroup[]; created: SimilarGroup[] } {
  const { existing, groups, added, threshold } = input;
  const all = concatHashes(existing, added);
  const pairs = findPairsAcross(existing, added, threshold);
  const within = findSimilarPairs(added, { threshold });
  for (let k = 0; k < within.length; k++) {
    pairs.push(existing.length + within.a[k]!, existing.length + within.b[k]!, within.distance[k]!);
  }
  const result = groupPairs(all, pairs, { threshold, initial: groups });
  const extended = result.filter((g) => g.initial !== undefined && g.members.length > groups[g.initial]!.length);
  const created = result.filter((g) => g.initial === undefined);
  return { extended, created };
}
