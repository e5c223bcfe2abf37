// All-pairs reference: exact by construction, O(N²). The peer in tests and the benchmark, and the
// plan of choice for small libraries where building bands costs more than comparing everything.
import { popcount64 } from '../imaging/phash.ts';
import { PairList, type PackedHashes } from './packed.ts';

/** Pairs (i, j > i) within `threshold`, for rows i in [fromRow, toRow). */
export function naivePairs(hashes: PackedHashes, threshold: number, fromRow = 0, toRow = hashes.length): PairList {
  const { hi, lo, length: n } = hashes;
  const out = new PairList();
  for (let i = fromRow; i < toRow; i++) {
    const h = hi[i]!;
    const l = lo[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = popcount64(h ^ hi[j]!, l ^ lo[j]!);
      if (d <= threshold) out.push(i, j, d);
    }
  }
  return out;
}
