import type { SimilarReason } from '@photocloud/contracts';
import { suggestBestPick } from '../similarity/best-pick.ts';
import type { SimilarGroup } from '../similarity/grouping.ts';
import { pairReason } from '../similarity/reason.ts';
import type { GroupToStore, NewSimilarMember } from '../stores/similar.store.ts';

/** What a group row needs to know about each photo in the engine's index space. */
export interface IndexedPhoto {
  id: string;
  sha256: string;
}

export interface PickFacts {
  id: string;
  width: number | null;
  height: number | null;
  sizeBytes: number;
  isFavorite: number;
  exif: string | null;
}

const LOOSENESS: readonly SimilarReason[] = ['same-bytes', 're-encoded-or-resized', 'near-identical-shot'];

/** Members (medoid first) with score, distance and reason, the group's loosest reason and its suggested pick. */
export function describeGroup(group: SimilarGroup, photoAt: (index: number) => IndexedPhoto, facts: ReadonlyMap<string, PickFacts>) {
  const medoid = photoAt(group.medoid);
  const members: NewSimilarMember[] = group.members.map((m, position) => {
    const p = photoAt(m.index);
    const reason = pairReason({ sameBytes: p.sha256 === medoid.sha256, distance: m.distance });
    return { mediaId: p.id, position, distance: m.distance, similarityScore: m.score, reason };
  });
  const reason = members
    .slice(1)
    .map((m) => m.reason as SimilarReason)
    .reduce<SimilarReason>((a, b) => (LOOSENESS.indexOf(b) > LOOSENESS.indexOf(a) ? b : a), 'same-bytes');
  // The medoid is compared with itself: it carries the group's reason.
  if (members[0]) members[0].reason = reason;
  const candidates = members.flatMap((m) => {
    const f = facts.get(m.mediaId);
    if (!f) return [];
    return [{ id: f.id, width: f.width ?? 0, height: f.height ?? 0, bytes: f.sizeBytes, isFavorite: f.isFavorite === 1, hasExif: f.exif !== null }];
  });
  const suggestedMediaId = candidates.length > 0 ? suggestBestPick(candidates).id : null;
  return { members, reason, suggestedMediaId };
}

export function groupToStore(
  ownerId: string,
  id: string,
  now: string,
  described: ReturnType<typeof describeGroup>,
): GroupToStore {
  return {
    group: { id, ownerId, status: 'open', suggestedMediaId: described.suggestedMediaId, reason: described.reason, createdAt: now, updatedAt: now },
    members: described.members,
  };
}

/**
 * Sets of media the owner already reviewed (dismissed or resolved groups). A proposed group is
 * dropped when all its members were in one reviewed group: the owner has seen that set, or a
 * part of it, and said it is fine. A set with a new photo in it is proposed again.
 */
export class ReviewedSets {
  readonly #byMedia = new Map<string, Set<string>>();

  constructor(memberships: ReadonlyArray<{ groupId: string; mediaId: string }>) {
    for (const m of memberships) {
      let s = this.#byMedia.get(m.mediaId);
      if (!s) this.#byMedia.set(m.mediaId, (s = new Set()));
      s.add(m.groupId);
    }
  }

  covers(mediaIds: readonly string[]): boolean {
    const [first, ...rest] = mediaIds;
    if (first === undefined) return false;
    let common = this.#byMedia.get(first);
    for (const id of rest) {
      if (!common || common.size === 0) return false;
      const mine = this.#byMedia.get(id);
      common = new Set([...common].filter((g) => mine?.has(g)));
    }
    return !!common && common.size > 0;
  }
}
