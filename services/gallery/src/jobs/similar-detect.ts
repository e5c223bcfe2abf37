import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Clock, Logger } from '@photocloud/kit';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import type { JobResult } from '@photocloud/kit/jobs/worker';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout } from '../blobs/layout.ts';
import type { GalleryDB } from '../db/schema.ts';
import { computePhash, phashToHex } from '../imaging/phash.ts';
import { describeGroup, groupToStore, ReviewedSets, type IndexedPhoto, type PickFacts } from '../services/similar-groups.ts';
import { detectSimilarGroups } from '../similarity/detect.ts';
import { packHexHashes } from '../similarity/packed.ts';
import type { SimilarStore } from '../stores/similar.store.ts';
import type { GalleryJobs } from './job-names.ts';
import { queueSimilarAssign } from './similar-queue.ts';

export interface SimilarJobDeps {
  db: Kysely<GalleryDB>;
  similar: SimilarStore;
  blobs: BlobStore;
  queue: JobQueue<GalleryJobs>;
  clock: Clock;
  /** Hamming threshold (SIMILAR_THRESHOLD). */
  threshold: number;
}

/** Photos hashed per backfill page, and at once within a page (each is one small S3 GET + decode). */
const BACKFILL_PAGE = 64;
const BACKFILL_PARALLEL = 4;
/** Hashes read per query: keyset pages by id, so memory holds only the packed hashes and ids. */
const LOAD_PAGE = 5000;

/**
 * The "detect similar photos" run for one owner: computes missing pHashes from the stored
 * thumbnails, loads every hash as packed arrays, groups them once, and replaces the owner's open
 * groups (dismissed and resolved ones stay and keep their sets from being proposed again).
 * Progress lands in `similar_run` as it goes. Idempotent: a retry starts over.
 */
export async function runDetect(runId: string, ownerId: string, d: SimilarJobDeps, log: Logger): Promise<JobResult> {
  if (!(await d.similar.getRun(runId))) return 'skipped';
  const now = () => d.clock.now().toISOString();
  // Time per phase, logged at the end: where a slow run spends it.
  const ms: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    ms[phase] = Math.round(performance.now() - mark);
    mark = performance.now();
  };
  const counts = await d.similar.photoCounts(ownerId);
  // Each photo without a hash is visited twice: once to hash it, once to load it.
  const total = 2 * counts.photos - counts.hashed;
  await d.similar.updateRun(runId, { phase: 'backfill', processed: 0, total, hashed: 0, unhashable: 0, updatedAt: now() });

  const backfill = await backfillHashes(runId, ownerId, d, log);
  let processed = backfill.processed;

  lap('backfill');
  await d.similar.updateRun(runId, { phase: 'load', updatedAt: now() });
  const loadStarted = now();
  const photos: IndexedPhoto[] = [];
  const hexes: string[] = [];
  let after = '';
  for (;;) {
    const page = await d.similar.pageHashes(ownerId, after, LOAD_PAGE);
    for (const p of page) {
      photos.push({ id: p.id, sha256: p.sha256 });
      hexes.push(p.phash);
    }
    processed += page.length;
    await d.similar.updateRun(runId, { processed: Math.min(processed, total), updatedAt: now() });
    if (page.length < LOAD_PAGE) break;
    after = page.at(-1)!.id;
  }

  lap('load');
  await d.similar.updateRun(runId, { phase: 'group', photos: photos.length, updatedAt: now() });
  const found = detectSimilarGroups(packHexHashes(hexes), { threshold: d.threshold });

  lap('group');
  await d.similar.updateRun(runId, { phase: 'store', updatedAt: now() });
  const reviewed = new ReviewedSets(await d.similar.memberships(ownerId, ['dismissed', 'resolved']));
  const fresh = found.filter((g) => !reviewed.covers(g.members.map((m) => photos[m.index]!.id)));
  const facts = new Map<string, PickFacts>();
  for (const f of await d.similar.pickFacts(fresh.flatMap((g) => g.members.map((m) => photos[m.index]!.id)))) facts.set(f.id, f);
  // A group found again with the same members keeps its id, so a page open in the app stays valid.
  const previous = new Map<string, string[]>();
  for (const m of await d.similar.memberships(ownerId, ['open'])) previous.set(m.groupId, [...(previous.get(m.groupId) ?? []), m.mediaId]);
  const idOfSet = new Map([...previous].map(([groupId, members]) => [setKey(members), groupId]));
  const stamp = now();
  const rows = fresh.map((g) => {
    const id = idOfSet.get(setKey(g.members.map((m) => photos[m.index]!.id))) ?? randomUUID();
    return groupToStore(ownerId, id, stamp, describeGroup(g, (i) => photos[i]!, facts));
  });
  await d.db.transaction().execute(async (trx) => {
    await d.similar.lockOwner(ownerId, stamp, trx);
    await d.similar.deleteOpenGroups(ownerId, trx);
    await d.similar.insertGroups(rows, trx);
    // Photos processed while this run loaded are missing from its snapshot, and the groups their own
    // assignment made were just replaced: assign them again, against the groups written here.
    const loaded = new Set(photos.map((p) => p.id));
    for (const id of await d.similar.hashedSince(ownerId, loadStarted, trx)) {
      if (!loaded.has(id)) await queueSimilarAssign(d.queue, id, trx);
    }
  });
  const groupedMedia = rows.reduce((n, r) => n + r.members.length, 0);
  await d.similar.updateRun(runId, { phase: 'done', processed: total, groups: rows.length, groupedMedia, updatedAt: now(), finishedAt: now() });
  lap('store');
  log.info({ ownerId, ms, photos: photos.length, hashed: backfill.hashed, groups: rows.length, skippedAsReviewed: found.length - fresh.length }, 'similar photos detected');
  return 'done';
}

function setKey(ids: readonly string[]): string {
  return [...ids].sort().join(',');
}

/** pHashes for photos processed before hashing existed (or whose hash was lost), from their thumbnail. */
async function backfillHashes(runId: string, ownerId: string, d: SimilarJobDeps, log: Logger) {
  let processed = 0;
  let hashed = 0;
  let unhashable = 0;
  let after = '';
  for (;;) {
    const page = await d.similar.pageMissingHash(ownerId, after, BACKFILL_PAGE);
    for (let i = 0; i < page.length; i += BACKFILL_PARALLEL) {
      const results = await Promise.all(
        page.slice(i, i + BACKFILL_PARALLEL).map(async (m) => {
          // The thumbnail is plenty for a 32×32 DCT; the preview only when there is no thumbnail.
          const key = m.hasThumbnail ? layout.thumbnail(ownerId, m.id) : m.hasPreview ? layout.preview(ownerId, m.id) : null;
          if (!key) return false;
          try {
            await d.similar.setPhash(m.id, phashToHex(await computePhash(await d.blobs.get(key))));
            return true;
          } catch (err) {
            log.warn({ err, mediaId: m.id }, 'could not compute a pHash from the stored thumbnail');
            return false;
          }
        }),
      );
      for (const ok of results) ok ? hashed++ : unhashable++;
    }
    processed += page.length;
    await d.similar.updateRun(runId, { processed, hashed, unhashable, updatedAt: d.clock.now().toISOString() });
    if (page.length < BACKFILL_PAGE) return { processed, hashed, unhashable };
    after = page.at(-1)!.id;
  }
}
