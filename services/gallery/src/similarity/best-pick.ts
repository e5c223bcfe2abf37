// Which member of a group to keep by default. The user's favorite wins outright; otherwise more
// pixels, then sharpness (when measured for all), then bytes at that size (less compression),
// then EXIF (keeps date, place and camera). Each factor is relative to the best in the group.
export interface PickCandidate {
  id: string;
  width: number;
  height: number;
  /** Any monotone sharpness measure (e.g. variance of the Laplacian); compared only within a group. */
  sharpness?: number;
  bytes: number;
  isFavorite: boolean;
  hasExif: boolean;
}

export interface BestPick {
  id: string;
  /** Candidates by score, best first (ties keep input order). */
  ranking: { id: string; score: number }[];
}

export const PICK_WEIGHTS = { favorite: 10, resolution: 4, sharpness: 2, bytes: 1, exif: 0.5 } as const;

export function suggestBestPick(members: readonly PickCandidate[]): BestPick {
  if (members.length === 0) throw new TypeError('suggestBestPick needs at least one member');
  const max = (f: (m: PickCandidate) => number): number => Math.max(...members.map(f), 0);
  const maxPixels = max((m) => m.width * m.height);
  const maxBytes = max((m) => m.bytes);
  const sharpnessKnown = members.every((m) => m.sharpness !== undefined);
  const maxSharpness = sharpnessKnown ? max((m) => m.sharpness!) : 0;
  const ratio = (v: number, top: number): number => (top > 0 ? v / top : 0);
  const ranking = members
    .map((m, order) => ({
      id: m.id,
      order,
      score:
        PICK_WEIGHTS.favorite * Number(m.isFavorite) +
        PICK_WEIGHTS.resolution * ratio(m.width * m.height, maxPixels) +
        PICK_WEIGHTS.sharpness * (sharpnessKnown ? ratio(m.sharpness!, maxSharpness) : 0) +
        PICK_WEIGHTS.bytes * ratio(m.bytes, maxBytes) +
        PICK_WEIGHTS.exif * Number(m.hasExif),
    }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ id, score }) => ({ id, score }));
  return { id: ranking[0]!.id, ranking };
}
