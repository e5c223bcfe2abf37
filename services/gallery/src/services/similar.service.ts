import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ResolveSimilarResponse, SimilarGroup, SimilarGroupPage, SimilarGroupsQuery, SimilarJob, SimilarReason } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout } from '../blobs/layout.ts';
import type { GalleryDB } from '../db/schema.ts';
import type { GalleryJobs } from '../jobs/job-names.ts';
import type { AlbumStore } from '../stores/album.store.ts';
import type { MemberRow, SimilarGroupRow, SimilarStore } from '../stores/similar.store.ts';
import type { AlbumIndexWriter } from './album-index.ts';
import { toMedia } from './mappers.ts';

/** Similar photos for one user: start detection, follow it, review groups, resolve or dismiss them. */
export class SimilarService {
  constructor(
    private readonly db: Kysely<GalleryDB>,
    private readonly similar: SimilarStore,
    private readonly albums: AlbumStore,
    private readonly blobs: BlobStore,
    private readonly index: AlbumIndexWriter,
    private readonly queue: JobQueue<GalleryJobs>,
    private readonly clock: Clock,
    private readonly config: { presignTtlSeconds: number },
    private readonly notify: () => void,
  ) {}

  /** Queues a detection run; while one is queued or running for this user, that one is returned. */
  async detect(userId: string): Promise<SimilarJob> {
    const now = this.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      await this.similar.lockOwner(userId, now, trx);
      const active = await this.similar.activeRunId(userId, trx);
      if (active) return active;
      const job = await this.queue.enqueue(trx, 'similar-detect', { ownerId: userId }, { key: `${userId}:${randomUUID()}` });
      await this.similar.insertRun({
        id: job.id,
        ownerId: userId,
        phase: 'queued',
        processed: 0,
        total: 0,
        photos: 0,
        hashed: 0,
        unhashable: 0,
        groups: 0,
        groupedMedia: 0,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      }, trx);
      return job.id;
    });
    this.notify();
    return this.job(userId, id);
  }

  async job(userId: string, id: string): Promise<SimilarJob> {
    return toJob(await this.similar.runForOwner(userId, id));
  }

  /** The user's latest run, so any device can show a run in progress or when detection last ran. */
  async latestJob(userId: string): Promise<SimilarJob> {
    const run = await this.similar.latestRunForOwner(userId);
    if (!run) throw new AppError('JOB_NOT_FOUND', { message: 'Similar photos were never detected for this account.' });
    return toJob(run);
  }

  async groups(userId: string, q: SimilarGroupsQuery): Promise<SimilarGroupPage> {
    const limit = q.limit ?? 20;
    const rows = await this.similar.listForOwner(userId, q.status ?? 'open', q.cursor ? decodeCursor(q.cursor) : null, limit);
    const items = await this.#views(userId, rows);
    const last = rows.at(-1);
    return { items, nextCursor: rows.length === limit && last ? encodeCursor(last) : null };
  }

  /**
   * Keeps `keep`, moves the group's other photos to the trash, and first hands their album
   * memberships and favorite flag to the kept ones. All or nothing; album indexes are rewritten after.
   */
  async resolve(userId: string, groupId: string, keep: string[]): Promise<ResolveSimilarResponse> {
    const group = await this.#open(userId, groupId);
    const members = await this.similar.members([group.id], false);
    const memberIds = new Set(members.map((m) => m.id));
    const kept = [...new Set(keep)];
    const notMembers = kept.filter((id) => !memberIds.has(id));
    if (kept.length === 0 || notMembers.length > 0) throw new AppError('SIMILAR_KEEP_INVALID', { details: { notMembers } });
    const others = members.filter((m) => !kept.includes(m.id));
    const now = this.clock.now().toISOString();
    const albumIds = await this.db.transaction().execute(async (trx) => {
      await this.similar.lockOwner(userId, now, trx);
      // Checked again under the owner's lock: a concurrent resolve or dismiss wins once.
      if ((await this.similar.getForOwner(userId, groupId, trx))?.status !== 'open') throw new AppError('SIMILAR_GROUP_CLOSED');
      const otherIds = others.map((m) => m.id);
      const theirAlbums = (await this.albums.albumIdsContaining(otherIds, trx)).filter((a) => a.ownerId === userId).map((a) => a.albumId);
      for (const albumId of theirAlbums) {
        await this.albums.addMedia(albumId, kept, now, trx);
        await this.albums.update(userId, albumId, { updatedAt: now }, trx);
      }
      // An album whose cover goes to the trash shows the kept photo instead.
      if (otherIds.length > 0) {
        await trx.updateTable('album').set({ coverMediaId: kept[0]! }).where('ownerId', '=', userId).where('coverMediaId', 'in', otherIds).execute();
      }
      if (others.some((m) => m.isFavorite === 1)) {
        await trx.updateTable('media').set({ isFavorite: 1, updatedAt: now }).where('ownerId', '=', userId).where('id', 'in', kept).execute();
      }
      if (otherIds.length > 0) {
        await trx.updateTable('media').set({ trashedAt: now, updatedAt: now }).where('ownerId', '=', userId).where('id', 'in', otherIds).execute();
      }
      await this.similar.setStatus(groupId, 'resolved', now, trx);
      return theirAlbums;
    });
    // Trashed media leave their albums' index.json; kept ones join those albums.
    for (const a of await this.albums.albumIdsContaining([...kept, ...others.map((m) => m.id)])) {
      if (a.ownerId === userId) await this.index.writeOrQueue(userId, a.albumId);
    }
    const [view] = await this.#views(userId, [(await this.similar.getForOwner(userId, groupId))!]);
    return { group: view!, trashed: others.map((m) => m.id), albumIds };
  }

  /** Marks the group as fine: it is hidden, and the same set is not proposed again. */
  async dismiss(userId: string, groupId: string): Promise<SimilarGroup> {
    const group = await this.similar.getForOwner(userId, groupId);
    if (!group) throw new AppError('SIMILAR_GROUP_NOT_FOUND');
    if (group.status === 'resolved') throw new AppError('SIMILAR_GROUP_CLOSED');
    if (group.status === 'open') await this.similar.setStatus(groupId, 'dismissed', this.clock.now().toISOString());
    const [view] = await this.#views(userId, [(await this.similar.getForOwner(userId, groupId))!]);
    return view!;
  }

  async #open(userId: string, groupId: string): Promise<SimilarGroupRow> {
    const group = await this.similar.getForOwner(userId, groupId);
    if (!group) throw new AppError('SIMILAR_GROUP_NOT_FOUND');
    if (group.status !== 'open') throw new AppError('SIMILAR_GROUP_CLOSED');
    return group;
  }

  /** Groups with their members and each member's thumbnail URL (open groups show only media outside the trash). */
  async #views(userId: string, rows: SimilarGroupRow[]): Promise<SimilarGroup[]> {
    const open = rows.filter((r) => r.status === 'open').map((r) => r.id);
    const closed = rows.filter((r) => r.status !== 'open').map((r) => r.id);
    const members = [...(await this.similar.members(open, false)), ...(await this.similar.members(closed, true))];
    const byGroup = new Map<string, MemberRow[]>();
    for (const m of members) byGroup.set(m.groupId, [...(byGroup.get(m.groupId) ?? []), m]);
    const ttl = this.config.presignTtlSeconds;
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        status: r.status,
        reason: r.reason as SimilarReason,
        suggestedMediaId: r.suggestedMediaId,
        members: await Promise.all(
          (byGroup.get(r.id) ?? []).map(async (m) => ({
            media: toMedia(m),
            similarityScore: m.similarityScore,
            distance: m.distance,
            reason: m.reason as SimilarReason,
            thumbnailUrl: m.hasThumbnail ? await this.blobs.presignGet(layout.thumbnail(userId, m.id), ttl) : null,
          })),
        ),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      })),
    );
  }
}

function encodeCursor(row: SimilarGroupRow): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}

function decodeCursor(s: string): { createdAt: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { createdAt: v[0], id: v[1] };
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_CURSOR');
}

type RunRow = Awaited<ReturnType<SimilarStore['runForOwner']>>;

function toJob(run: RunRow): SimilarJob {
  if (!run) throw new AppError('JOB_NOT_FOUND');
  return {
    id: run.id,
    status: run.status,
    phase: run.phase,
    progress: { processed: run.processed, total: run.total },
    counts: { photos: run.photos, hashed: run.hashed, unhashable: run.unhashable, groups: run.groups, groupedMedia: run.groupedMedia },
    error: run.status === 'failed' ? run.lastError : null,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
  };
}
