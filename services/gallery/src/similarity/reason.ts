// Why two photos were grouped, in the words the app shows.
export type SimilarReason = 'same-bytes' | 're-encoded-or-resized' | 'near-identical-shot';

/**
 * Up to this distance the pixels are the same photo: re-encodes at any quality, resizes and EXIF
 * rotations measured ≤ 2 on the labelled set (test/similarity-quality.test.ts), burst shifts more.
 */
export const REENCODED_MAX_DISTANCE = 2;

export function pairReason(pair: { sameBytes: boolean; distance: number }): SimilarReason {
  if (pair.sameBytes) return 'same-bytes';
  return pair.distance <= REENCODED_MAX_DISTANCE ? 're-encoded-or-resized' : 'near-identical-shot';
}
