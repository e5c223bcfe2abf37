import type { Readable } from 'node:stream';
import type { ShareView, ShareViewQuery, SharedItem } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import { createOpaqueToken, parseOpaqueToken, verifyTokenSecret } from '@photocloud/kit/tokens';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout } from '../blobs/layout.ts';
import type { AlbumStore } from '../stores/album.store.ts';
import type { Recipient, SharedMediaRow, ShareRow, ShareStore } from '../stores/share.store.ts';
import { shareCodes } from './share-codes.ts';
import { ShareLimiter } from './share-limiter.ts';
import { openOriginal, type SharedOriginal } from './share-original.ts';
import { zipShare } from './share-zip.ts';

const MAX_PRESIGN_SECONDS = 604800;
const SESSION_MS = 2 * 60 * 60 * 1000;

export interface ShareAccessConfig {
  shareUrlTtlSeconds: number;
  shareSecureCookie: 'auto' | 'always' | 'never';
}

/** A viewer's unlocked session: the cookie value and when it ends. */
export interface ShareSession {
  value: string;
  expiresAt: Date;
}

/**
 * The viewer's side: every read starts from the link's token and checks the share (exists, not
 * revoked, not expired) and its unlock before anything about an item is given out. Item URLs are
 * presigned for exactly one object each and never outlive the share.
 */
export class ShareAccessService {
  readonly limiter: ShareLimiter;
  /** Whether the session cookie is marked Secure (HTTPS deployments). */
  readonly secureCookie: 'auto' | 'always' | 'never';

  constructor(
    private readonly shares: ShareStore,
    private readonly albums: AlbumStore,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly config: ShareAccessConfig,
  ) {
    this.limiter = new ShareLimiter(shares, clock);
    this.secureCookie = config.shareSecureCookie;
  }

  /** The share's page of items (views are counted on the first page, unless it only refreshes URLs). */
  async view(token: string, session: string | undefined, q: ShareViewQuery): Promise<ShareView> {
    return this.#page(await this.open(token, session), `/public/shares/${token}`, q);
  }

  /** The same page for a registered recipient the owner named (signed in; no link or code needed). */
  async receivedView(who: Recipient, shareId: string, q: ShareViewQuery): Promise<ShareView> {
    return this.#page(await this.#received(who, shareId), `/shares/received/${shareId}`, q);
  }

  async receivedOriginal(who: Recipient, shareId: string, mediaId: string): Promise<SharedOriginal> {
    return this.#original(await this.#received(who, shareId), mediaId);
  }

  async receivedDownload(who: Recipient, shareId: string): Promise<{ stream: Readable; filename: string }> {
    return this.#download(await this.#received(who, shareId));
  }

  async #page(share: ShareRow, base: string, q: ShareViewQuery): Promise<ShareView> {
    const offset = q.cursor ? Number(q.cursor) : 0;
    const limit = q.limit ?? 200;
    const now = this.clock.now();
    const [rows, counts, album] = await Promise.all([
      this.shares.items(share, offset, limit),
      this.shares.mediaCounts([share]),
      share.albumId ? this.albums.getForOwner(share.ownerId, share.albumId) : undefined,
      offset === 0 && !q.refresh ? this.shares.recordView(share.id, now.toISOString()) : undefined,
    ]);
    const ttl = this.urlTtl(share);
    return {
      label: share.label,
      kind: share.kind,
      album: album ? { name: album.name, description: album.description } : null,
      expiresAt: share.expiresAt,
      allowDownload: share.allowDownload === 1,
      mediaCount: counts.get(share.id) ?? 0,
      items: rows.map((r) => this.#item(share, base, r, ttl)),
      nextCursor: rows.length === limit ? String(offset + limit) : null,
      urlsExpireAt: new Date(now.getTime() + ttl * 1000).toISOString(),
      urlsExpireInSeconds: ttl,
      downloadUrl: share.allowDownload === 1 ? `${base}/download` : null,
    };
  }

  /** Checks the code (argon2id, rate-limited per share and per address) and opens a session for this share only. */
  async unlock(token: string, code: string, ip: string): Promise<ShareSession> {
    const share = await this.#active(token);
    await this.limiter.assertOpen(share, ip);
    const ok = share.codeHash === null || (await shareCodes.verify(share.codeHash, code));
    if (!ok) {
      await this.limiter.recordFailure(share, ip);
      throw new AppError('SHARE_CODE_WRONG');
    }
    await this.limiter.recordSuccess(share);
    const s = createOpaqueToken();
    const now = this.clock.now().getTime();
    const expiresAt = new Date(share.expiresAt === null ? now + SESSION_MS : Math.min(now + SESSION_MS, Date.parse(share.expiresAt)));
    await this.shares.insertSession({ id: s.id, shareId: share.id, secretHash: s.secretHash, expiresAt: expiresAt.toISOString() });
    return { value: s.value, expiresAt };
  }

  /** The original of one item, its location removed unless the owner kept it. */
  async original(token: string, session: string | undefined, mediaId: string): Promise<SharedOriginal> {
    return this.#original(await this.open(token, session), mediaId);
  }

  async #original(share: ShareRow, mediaId: string): Promise<SharedOriginal> {
    if (share.allowDownload !== 1) throw new AppError('SHARE_DOWNLOAD_DISABLED');
    const row = await this.shares.item(share, mediaId);
    if (!row) throw new AppError('MEDIA_NOT_FOUND');
    const out = await openOriginal(this.blobs, row, share.keepLocation === 1);
    if (!out) throw new AppError('SHARE_DOWNLOAD_DISABLED', { message: 'The location cannot be removed from this file format, so it is not offered for download.' });
    return out;
  }

  /** A ZIP of every original, streamed as it is read from S3 (no temporary file). */
  async download(token: string, session: string | undefined): Promise<{ stream: Readable; filename: string }> {
    return this.#download(await this.open(token, session));
  }

  async #download(share: ShareRow): Promise<{ stream: Readable; filename: string }> {
    if (share.allowDownload !== 1) throw new AppError('SHARE_DOWNLOAD_DISABLED');
    const album = share.albumId ? await this.albums.getForOwner(share.ownerId, share.albumId) : undefined;
    const stream = zipShare((offset, limit) => this.shares.items(share, offset, limit), (row) => openOriginal(this.blobs, row, share.keepLocation === 1));
    return { stream, filename: `${(album?.name ?? share.label ?? 'photos').replace(/[\\/:*?"<>|\r\n]+/g, '_')}.zip` };
  }

  /** The share behind a link, checked: known, active, unexpired, and unlocked when it has a code. */
  async open(token: string, session: string | undefined): Promise<ShareRow> {
    const share = await this.#active(token);
    if (share.codeHash !== null && !(await this.#sessionValid(share, session))) throw new AppError('SHARE_CODE_REQUIRED');
    return share;
  }

  /** Seconds a viewer URL lives: the configured lifetime, never past the share's expiry nor 7 days. */
  urlTtl(share: ShareRow): number {
    let ttl = Math.min(this.config.shareUrlTtlSeconds, MAX_PRESIGN_SECONDS);
    if (share.expiresAt !== null) ttl = Math.min(ttl, Math.floor((Date.parse(share.expiresAt) - this.clock.now().getTime()) / 1000));
    return Math.max(1, ttl);
  }

  async #active(token: string): Promise<ShareRow> {
    const parsed = parseOpaqueToken(token);
    const share = parsed ? await this.shares.getByTokenId(parsed.id) : undefined;
    if (!parsed || !share || !verifyTokenSecret(parsed.secret, share.tokenHash)) throw new AppError('SHARE_NOT_FOUND');
    return this.#usable(share);
  }

  /** A share naming this user as a recipient; anyone else gets 404. */
  async #received(who: Recipient, shareId: string): Promise<ShareRow> {
    const share = await this.shares.getReceived(who, shareId);
    if (!share) throw new AppError('SHARE_NOT_FOUND');
    return this.#usable(share);
  }

  #usable(share: ShareRow): ShareRow {
    if (share.status === 'revoked') throw new AppError('SHARE_REVOKED');
    if (share.expiresAt !== null && share.expiresAt <= this.clock.now().toISOString()) throw new AppError('SHARE_EXPIRED');
    return share;
  }

  async #sessionValid(share: ShareRow, value: string | undefined): Promise<boolean> {
    const parsed = parseOpaqueToken(value);
    if (!parsed) return false;
    const s = await this.shares.getSession(parsed.id);
    // A session names its share: one share's session never opens another.
    return !!s && s.shareId === share.id && s.expiresAt > this.clock.now().toISOString() && verifyTokenSecret(parsed.secret, s.secretHash);
  }

  #item(share: ShareRow, base: string, r: SharedMediaRow, ttl: number): SharedItem {
    const location = share.keepLocation === 1;
    let originalUrl: string | null = null;
    if (share.allowDownload === 1) {
      // Videos and kept locations go straight to S3; photos pass through the API to lose their GPS.
      originalUrl = location || r.kind === 'video' ? this.blobs.signGet(r.objectKey, ttl, r.originalName) : `${base}/items/${r.id}/original`;
    }
    return {
      id: r.id,
      kind: r.kind,
      type: r.mime,
      name: r.originalName,
      takenAt: r.takenAt,
      width: r.width,
      height: r.height,
      durationMs: r.durationMs,
      thumbhash: r.thumbhash,
      exif: r.exif ? JSON.parse(r.exif) : null,
      ...(location ? { latitude: r.latitude, longitude: r.longitude } : {}),
      thumbUrl: r.hasThumbnail ? this.blobs.signGet(layout.thumbnail(share.ownerId, r.id), ttl) : null,
      previewUrl: r.hasPreview ? this.blobs.signGet(layout.preview(share.ownerId, r.id), ttl) : null,
      originalUrl,
    };
  }
}
