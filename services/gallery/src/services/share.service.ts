import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CreatedShare, CreateShareRequest, ReceivedShare, Share, UpdateShareRequest } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import { createOpaqueToken } from '@photocloud/kit/tokens';
import type { GalleryDB } from '../db/schema.ts';
import type { AlbumStore } from '../stores/album.store.ts';
import type { Recipient, ShareRecipientRow, ShareRow, ShareStore } from '../stores/share.store.ts';
import { shareCodes } from './share-codes.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 7;

export interface ShareConfig {
  shareMaxDays: number;
  shareAllowNever: boolean;
}

/** The owner's side of sharing: create, list, change, revoke; and what registered recipients received. */
export class ShareService {
  constructor(
    private readonly db: Kysely<GalleryDB>,
    private readonly shares: ShareStore,
    private readonly albums: AlbumStore,
    private readonly clock: Clock,
    private readonly config: ShareConfig,
  ) {}

  async create(ownerId: string, req: CreateShareRequest): Promise<CreatedShare> {
    if ((req.albumId === undefined) === (req.mediaIds === undefined)) {
      throw new AppError('VALIDATION_FAILED', { message: 'Share either an album (albumId) or media (mediaIds), not both.' });
    }
    if (req.albumId !== undefined && !(await this.albums.getForOwner(ownerId, req.albumId))) throw new AppError('ALBUM_NOT_FOUND');
    const mediaIds = [...new Set(req.mediaIds ?? [])];
    const owned = await this.shares.ownedMediaIds(ownerId, mediaIds);
    const missing = mediaIds.find((id) => !owned.has(id));
    if (missing !== undefined) throw new AppError('MEDIA_NOT_FOUND', { message: `No such media: ${missing}.` });
    const now = this.clock.now();
    const token = createOpaqueToken();
    const id = randomUUID();
    const row: ShareRow = {
      id,
      ownerId,
      tokenId: token.id,
      tokenHash: token.secretHash,
      kind: req.albumId !== undefined ? 'album' : 'media',
      albumId: req.albumId ?? null,
      label: req.label ?? null,
      codeHash: req.code !== undefined ? await shareCodes.hash(req.code) : null,
      allowDownload: req.allowDownload === false ? 0 : 1,
      keepLocation: req.keepLocation ? 1 : 0,
      status: 'active',
      expiresAt: this.#expiry(req.expiresAt, now),
      views: 0,
      lastAccessedAt: null,
      failedAttempts: 0,
      lockedUntil: null,
      revokedAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const recipients: ShareRecipientRow[] = (req.recipients ?? []).map((r) => ({
      id: randomUUID(),
      shareId: id,
      name: r.name ?? null,
      userId: r.userId ?? null,
      email: r.email?.toLowerCase() ?? null,
    }));
    await this.db.transaction().execute((trx) => this.shares.insert(row, mediaIds, recipients, trx));
    const [share] = await this.#toShares([row]);
    return { ...share!, link: `/s/${token.value}`, token: token.value };
  }

  async list(ownerId: string): Promise<Share[]> {
    return this.#toShares(await this.shares.listForOwner(ownerId));
  }

  async get(ownerId: string, id: string): Promise<Share> {
    const [share] = await this.#toShares([await this.#owned(ownerId, id)]);
    return share!;
  }

  /** Extend, change or remove the code, rename, toggle download/location. A code change ends open viewer sessions. */
  async update(ownerId: string, id: string, patch: UpdateShareRequest): Promise<Share> {
    const row = await this.#owned(ownerId, id);
    if (Object.values(patch).every((v) => v === undefined)) {
      throw new AppError('VALIDATION_FAILED', { message: 'Nothing to change: send expiresAt, code, label, allowDownload or keepLocation.' });
    }
    if (row.status === 'revoked') throw new AppError('SHARE_REVOKED', { message: 'A revoked share cannot be changed; create a new one.' });
    const now = this.clock.now();
    const set: Parameters<ShareStore['update']>[2] = { updatedAt: now.toISOString() };
    if (patch.expiresAt !== undefined) set.expiresAt = this.#expiry(patch.expiresAt, now);
    if (patch.label !== undefined) set.label = patch.label;
    if (patch.allowDownload !== undefined) set.allowDownload = patch.allowDownload ? 1 : 0;
    if (patch.keepLocation !== undefined) set.keepLocation = patch.keepLocation ? 1 : 0;
    if (patch.code !== undefined) Object.assign(set, { codeHash: patch.code === null ? null : await shareCodes.hash(patch.code), failedAttempts: 0, lockedUntil: null });
    const updated = await this.db.transaction().execute(async (trx) => {
      if (patch.code !== undefined) await this.shares.deleteSessions(id, now.toISOString(), trx);
      return this.shares.update(ownerId, id, set, trx);
    });
    if (!updated) throw new AppError('SHARE_NOT_FOUND');
    const [share] = await this.#toShares([updated]);
    return share!;
  }

  /** Revokes at once: the next request with the link (or an open session) gets 410 SHARE_REVOKED. */
  async revoke(ownerId: string, id: string): Promise<void> {
    const row = await this.#owned(ownerId, id);
    if (row.status === 'revoked') return;
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await this.shares.update(ownerId, id, { status: 'revoked', revokedAt: now, updatedAt: now }, trx);
      await this.shares.deleteSessions(id, now, trx);
    });
  }

  /** Active shares naming the caller by account or by verified address ("shared with me"). */
  async received(who: Recipient): Promise<ReceivedShare[]> {
    const now = this.clock.now().toISOString();
    const rows = (await this.shares.listReceived(who)).filter((r) => r.status === 'active' && (r.expiresAt === null || r.expiresAt > now));
    const counts = await this.shares.mediaCounts(rows);
    return rows.map((r) => ({
      id: r.id,
      ownerId: r.ownerId,
      kind: r.kind,
      label: r.label,
      expiresAt: r.expiresAt,
      mediaCount: counts.get(r.id) ?? 0,
      createdAt: r.createdAt,
    }));
  }

  async #owned(ownerId: string, id: string): Promise<ShareRow> {
    const row = await this.shares.getForOwner(ownerId, id);
    if (!row) throw new AppError('SHARE_NOT_FOUND');
    return row;
  }

  /** Absent: the default; null: never (when allowed); otherwise a future instant within the maximum. */
  #expiry(asked: string | null | undefined, now: Date): string | null {
    const max = now.getTime() + this.config.shareMaxDays * DAY_MS;
    if (asked === undefined) return new Date(Math.min(max, now.getTime() + DEFAULT_DAYS * DAY_MS)).toISOString();
    if (asked === null) {
      if (!this.config.shareAllowNever) throw new AppError('VALIDATION_FAILED', { message: 'Share links must expire on this server; give expiresAt.' });
      return null;
    }
    const at = new Date(asked).getTime();
    if (at <= now.getTime()) throw new AppError('VALIDATION_FAILED', { message: 'expiresAt must be in the future.' });
    if (at > max) throw new AppError('VALIDATION_FAILED', { message: `A share link may last at most ${this.config.shareMaxDays} days.` });
    return new Date(at).toISOString();
  }

  async #toShares(rows: ShareRow[]): Promise<Share[]> {
    const now = this.clock.now().toISOString();
    const [counts, recipients] = await Promise.all([this.shares.mediaCounts(rows), this.shares.recipients(rows.map((r) => r.id))]);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      albumId: r.albumId,
      label: r.label,
      status: r.status === 'revoked' ? 'revoked' : r.expiresAt !== null && r.expiresAt <= now ? 'expired' : 'active',
      expiresAt: r.expiresAt,
      hasCode: r.codeHash !== null,
      allowDownload: r.allowDownload === 1,
      keepLocation: r.keepLocation === 1,
      mediaCount: counts.get(r.id) ?? 0,
      views: Number(r.views),
      lastAccessedAt: r.lastAccessedAt,
      recipients: recipients.filter((x) => x.shareId === r.id).map((x) => ({ name: x.name, userId: x.userId, email: x.email })),
      createdAt: r.createdAt,
    }));
  }
}
