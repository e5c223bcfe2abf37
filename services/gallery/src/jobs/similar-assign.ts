import { randomUUID } from 'node:crypto';
import type { Logger } from '@photocloud/kit';
import type { JobResult } from '@photocloud/kit/jobs/worker';
import { describeGroup, groupToStore, ReviewedSets, type IndexedPhoto, type PickFacts } from '../services/similar-groups.ts';
import { hammingDistance, phashFromHex } from '../imaging/phash.ts';
import { assignToGroups } from '../similarity/incremental.ts';
import { neighbourKeys } from '../similarity/lookup.ts';
import { packHexHashes } from '../similarity/packed.ts';
import type { HashedPhoto } from '../stores/similar.store.ts';
import type { SimilarJobDeps } from './similar-detect.ts';

const LOAD_PAGE = 5000;
/** Another write for the same owner landed between our read and our write this many times: try later. */
const ATTEMPTS = 5;

/** What the assignment uses of the similar-photo job's dependencies (no S3: hashes are in the catalog). */
export type AssignDeps = Pick<SimilarJobDeps, 'db' | 'similar' | 'clock' | 'threshold'>;

/**
 * Incremental grouping after a photo is processed: the new hash is looked up against its
 * neighbours in the owner's library and their open groups (`assignToGroups`), so it joins a group
 * (only if within the threshold of every member) or forms a new one, without a full detection run.
 * Reads and the search happen outside the transaction; the write checks that the open groups did
 * not change meanwhile.
 */
export async function runAssign(mediaId: string, d: AssignDeps, log: Logger): Promise<JobResult> {
  const row = await d.similar.photo(mediaId);
  if (!row || row.kind !== 'photo' || row.status !== 'ready' || !row.phash || row.trashedAt) return 'skipped';
  const ownerId = row.ownerId;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const open = await d.similar.memberships(ownerId, ['open']);
    if (open.some((m) => m.mediaId === mediaId)) return 'skipped';
    const known = (await nearbyHashes(row.phash, ownerId, open, d)).filter((p) => p.id !== mediaId);
    const photos: IndexedPhoto[] = known.map((p) => ({ id: p.id, sha256: p.sha256 }));
    const hexes = known.map((p) => p.phash);
    const indexOf = new Map(photos.map((p, i) => [p.id, i]));
    const byGroup = new Map<string, number[]>();
    for (const m of open) {
      const i = indexOf.get(m.mediaId);
      if (i === undefined) continue; // trashed, or in a group the new photo cannot touch
      let members = byGroup.get(m.groupId);
      if (!members) byGroup.set(m.groupId, (members = []));
      members.push(i);
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

/**
 * The hashes the new photo can be grouped with: its neighbours within the threshold (found through
 * the band indexes) and every member of an open group holding one of them, since joining a group
 * needs every member within the threshold. Groups without a neighbour cannot change, so this gives
 * the same result as the whole library. At high thresholds (too many band keys) it reads them all.
 */
async function nearbyHashes(phash: string, ownerId: string, open: ReadonlyArray<{ groupId: string; mediaId: string }>, d: AssignDeps): Promise<HashedPhoto[]> {
  const queries = neighbourKeys(phash, d.threshold);
  if (!queries) return allHashes(ownerId, d);
  const target = phashFromHex(phash);
  const near = (await d.similar.hashesByBands(ownerId, queries)).filter((p) => hammingDistance(phashFromHex(p.phash), target) <= d.threshold);
  const nearIds = new Set(near.map((p) => p.id));
  const groups = new Set(open.filter((m) => nearIds.has(m.mediaId)).map((m) => m.groupId));
  const members = [...new Set(open.filter((m) => groups.has(m.groupId) && !nearIds.has(m.mediaId)).map((m) => m.mediaId))];
  return [...near, ...(await d.similar.hashesOf(ownerId, members))];
}

async function allHashes(ownerId: string, d: AssignDeps): Promise<HashedPhoto[]> {
  const out: HashedPhoto[] = [];
  for (let after = ''; ; ) {
    const page = await d.similar.pageHashes(ownerId, after, LOAD_PAGE);
    out.push(...page);
    if (page.length < LOAD_PAGE) return out;
    after = page.at(-1)!.id;
  }
}

function fingerprint(memberships: ReadonlyArray<{ groupId: string; mediaId: string }>): string {
  return memberships.map((m) => `${m.groupId}:${m.mediaId}`).join(',');
}
