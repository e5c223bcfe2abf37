// One call for the "detect similar photos" job: neighbour search, then complete-link groups.
import { groupPairs, type SimilarGroup } from './grouping.ts';
import type { PackedHashes } from './packed.ts';
import { findSimilarPairs, type SearchOptions } from './search.ts';

/**
 * Default Hamming threshold, from the labelled set in test/similarity-quality.test.ts (680 images,
 * 40 scenes × 17 edits). pHashes always have 32 bits set, so distances are even and t = 8 ≡ 9.
 *   t:          6      8      10     12     16
 *   precision:  1.000  1.000  1.000  1.000  0.999
 *   recall:     0.905  0.942  0.981  0.993  1.000
 * 8 keeps zero false positives with margin (real libraries hold look-alike scenes that synthetic
 * ones do not) and the 1M-photo search within budget; 10 gains recall on 5% crops but costs ~4×
 * the search time (bench/similar.bench.ts). Deployments can raise it through config.
 */
export const DEFAULT_SIMILAR_THRESHOLD = 8;

export function detectSimilarGroups(
  hashes: PackedHashes,
  options: Partial<SearchOptions> = {},
): SimilarGroup[] {
  const threshold = options.threshold ?? DEFAULT_SIMILAR_THRESHOLD;
  const pairs = findSimilarPairs(hashes, { ...options, threshold });
  return groupPairs(hashes, pairs, { threshold });
}
