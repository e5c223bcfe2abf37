// One call for the "detect similar photos" job: neighbour search, then complete-link groups.
import { groupPairs, type SimilarGroup } from './grouping.ts';
import type { PackedHashes } from './packed.ts';
import { findSimilarPairs, type SearchOptions } from './search.ts';

/**
 * Default Hamming threshold, chosen on the labelled set in test/similarity-quality.test.ts:
 * the largest t whose precision stays ≥ 0.98 there (see the table in that file).
 */
export const DEFAULT_SIMILAR_THRESHOLD = 10;

export function detectSimilarGroups(
  hashes: PackedHashes,
  options: Partial<SearchOptions> = {},
): SimilarGroup[] {
  const threshold = options.threshold ?? DEFAULT_SIMILAR_THRESHOLD;
  const pairs = findSimilarPairs(hashes, { ...options, threshold });
  return groupPairs(hashes, pairs, { threshold });
}
