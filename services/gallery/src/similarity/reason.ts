// Why two photos were grouped, in the words the app shows.
export type SimilarReason = 'same-bytes' | 're-encoded-or-resized' | 'near-identical-shot';

/**
 * Up to this distance the pixels are taken as the same photo. On the labelled set
 * (test/similarity-quality.test.ts) re-encodes at q95–q30, 50%/25% resizes and EXIF rotations have
 * median 0 and p90 2 to the original (max 4); crops, exposure edits and burst shifts median 2–8.
 */
export const REENCODED_MAX_DISTANCE = 2;

export function pairReason(pair: { sameBytes: boolean; distance: number }): SimilarReason {
  if (pair.sameBytes) return 'same-bytes';
  return pair.distance <= REENCODED_MAX_DISTANCE ? 're-encoded-or-resized' : 'near-identical-shot';
}
