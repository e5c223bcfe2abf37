import { randomUUID } from 'node:crypto';
import type { Logger } from '@photocloud/kit';
import type { JobResult } from '@photocloud/kit/jobs/worker';
import { describeGroup, groupToStore, ReviewedSets, type IndexedPhoto, type PickFacts } from '../services/similar-groups.ts';
import { assignToGroups } from '../similarity/incremental.ts';
import { packHexHashes } from '../similarity/packed.ts';
import type { SimilarJobDeps } from './similar-detect.ts';

const LOAD_PAGE = 5000;
/** Another write for the same owner landed between our read and our write this many times: try later. */
const ATTEMPTS = 5;

/**
 * Incremental grouping after a photo is processed: the new hash is looked up against the owner's
 * hashes and open groups (`assignToGroups`), so it joins a group (only if within the threshold of
 * every member) or forms a new one, without a full detection run. Reads and the search happen
 * outside the transaction; the write checks that the open groups did not change meanwhile.
 */
export async function runAssign(mediaId: string, d: SimilarJobDeps, log: Logger): Promise<JobResult> {
  const row = await d.similar.photo(mediaId);
  if (!row || row.kind !== 'photo' || row.status !== 'ready' || !row.phash || row.trashedAt) return 'skipped';
  const ownerId = row.ownerId;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const open = await d.similar.memberships(ownerId, ['open']);
    if (open.some((m) => m.mediaId === mediaId)) return 'skipped';
    const photos: IndexedPhoto[] = [];
    const hexes: string[] = [];
    for (let after = ''; ; ) {
      const page = await d.similar.pageHashes(ownerId, after, LOAD_PAGE);
      for (const p of page) {
        if (p.id === mediaId) continue;
        photos.push({ id: p.id, sha256: p.sha256 });
        hexes.push(p.phash);
      }
      if (page.length < LOAD_PAGE) break;
      after = page.at(-1)!.id;
    }
    const indexOf = new Map(photos.map((p, i) => [p.id, i]));
    const byGroup = new Map<string, number[]>();
    for (const m of open) {
      let members = byGroup.get(m.groupId);
      if (!members) byGroup.set(m.groupId, (members = []));
      const i = indexOf.get(m.mediaId);
      if (i !== undefined) members.push(i); // trashed members are no longer compared
    }
    const groupIds = [...byGroup.keys()];
    const groups = [...byGroup.values()];
    const { extended, created } = assignToGroups({ existing: packHexHashes(hexes), groups, added: packHexHashes([row.phash]), threshold: d.threshold });
    if (extended.length === 0 && created.length === 0) return 'done';

    const photoAt = (i: number): IndexedPhoto => (i < photos.length ? photos[i]! : { id: row.id, sha256: row.sha256 });
    const involved = [...extended, ...created].flatMap((g) => g.members.map((m) => photoAt(m.index).id));
    const facts = new Map<string, PickFacts>((await d.similar.pickFacts(involved)).map((f) => [f.id, f]));
    const reviewed = new ReviewedSets(await d.similar.memberships(ownerId, ['dismissed', 'resolved']));
    const now = d.clock.now().toISOString();
    const fresh = created
      .filter((g) => !reviewed.covers(g.members.map((m) => photoAt(m.index).id)))
      .map((g) => groupToStore(ownerId, randomUUID(), now, describeGroup(g, photoAt, facts)));
    const seen = fingerprint(open);
    const wrote = await d.db.transaction().execute(async (trx) => {
      await d.similar.lockOwner(ownerId, now, trx);
      if (fingerprint(await d.similar.memberships(ownerId, ['open'], trx)) !== seen) return false;
      for (const g of extended) {
        const described = describeGroup(g, photoAt, facts);
        await d.similar.replaceMembers(groupIds[g.initial!]!, described.members, { suggestedMediaId: described.suggestedMediaId, reason: described.reason, updatedAt: now }, trx);
      }
      await d.similar.insertGroups(fresh, trx);
      return true;
    });
    if (wrote) {
      log.debug({ mediaId, extended: extended.length, created: fresh.length }, 'photo assigned to similar groups');
      return 'done';
    }
  }
  return 'retry';
}

function fingerprint(memberships: ReadonlyArray<{ groupId: string; mediaId: string }>): string {
  return memberships.map((m) => `${m.groupId}:${m.mediaId}`).join(',');
}
