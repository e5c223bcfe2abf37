import type { Media, SimilarGroup } from '@photocloud/contracts';

/** Why the suggested photo beats the others, in the terms the server's ranking uses (favorite, pixels, bytes, EXIF). */
export type PickReason = 'favorite' | 'resolution' | 'bytes' | 'exif' | 'first';

type PickFacts = Pick<Media, 'id' | 'isFavorite' | 'width' | 'height' | 'size' | 'exif'>;

const pixels = (m: PickFacts) => (m.width ?? 0) * (m.height ?? 0);

/**
 * The reasons that hold for the pick against every other member (the API gives the pick, not its
 * reasons): it is the only favorite, has more pixels, more bytes at no fewer pixels (less
 * compression), or the camera details the others lack. When nothing sets it apart: 'first'.
 */
export function pickReasons(members: readonly PickFacts[], pickId: string | null): PickReason[] {
  const pick = members.find((m) => m.id === pickId);
  if (!pick) return [];
  const others = members.filter((m) => m !== pick);
  if (others.length === 0) return [];
  const reasons: PickReason[] = [];
  if (pick.isFavorite && others.some((o) => !o.isFavorite)) reasons.push('favorite');
  if (others.every((o) => pixels(pick) > pixels(o))) reasons.push('resolution');
  else if (others.every((o) => pixels(pick) >= pixels(o) && pick.size > o.size)) reasons.push('bytes');
  if (pick.exif && others.some((o) => !o.exif)) reasons.push('exif');
  return reasons.length > 0 ? reasons : ['first'];
}

export type Choice = 'keep' | 'trash';

/** The default plan: keep the suggested pick (or the first photo), trash the others. */
export function defaultChoices(group: Pick<SimilarGroup, 'members' | 'suggestedMediaId'>): Record<string, Choice> {
  const ids = group.members.map((m) => m.media.id);
  const keep = group.suggestedMediaId && ids.includes(group.suggestedMediaId) ? group.suggestedMediaId : ids[0];
  return Object.fromEntries(ids.map((id) => [id, id === keep ? 'keep' : 'trash']));
}

/** Percent for people: 0.875 → 88. */
export function percent(score: number): number {
  return Math.round(Math.max(0, Math.min(1, score)) * 100);
}
