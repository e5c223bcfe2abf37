import { type ExpressionBuilder, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { GalleryDB, ShareRecipientTable, ShareTable } from '../db/schema.ts';
import type { MediaRow } from './media.store.ts';

export type ShareRow = Selectable<ShareTable>;
export type ShareRecipientRow = Selectable<ShareRecipientTable>;
/** What a share viewer's page and downloads need of a media row (a page of 500 reads only these). */
export const SHARED_MEDIA_COLUMNS = [
  'id', 'kind', 'mime', 'originalName', 'objectKey', 'takenAt', 'width', 'height', 'durationMs',
  'thumbhash', 'exif', 'latitude', 'longitude', 'hasThumbnail', 'hasPreview',
] as const satisfies ReadonlyArray<keyof MediaRow>;
export type SharedMediaRow = Pick<MediaRow, (typeof SHARED_MEDIA_COLUMNS)[number]>;
const MEDIA_COLS = SHARED_MEDIA_COLUMNS.map((c) => `media.${c}` as const);
type Db = Kysely<GalleryDB>;

/** Who asks for shares made for them: their account, and their verified address when the token carries one. */
export interface Recipient {
  userId: string;
  email?: string;
}

/** Recipient rows naming this person by account or by address (addresses are stored lowercased). */
function naming(who: Recipient) {
  return (r: ExpressionBuilder<GalleryDB, 'shareRecipient'>) =>
    r.or([r('userId', '=', who.userId), ...(who.email ? [r('email', '=', who.email.toLowerCase())] : [])]);
}

/** Share links, their media, recipients and viewer sessions. No rules here: the service decides. */
export class ShareStore {
  constructor(private readonly db: Db) {}

  async insert(row: ShareRow, mediaIds: string[], recipients: ShareRecipientRow[], trx: Db = this.db): Promise<void> {
    await trx.insertInto('share').values(row).execute();
    for (let i = 0; i < mediaIds.length; i += 500) {
      const batch = mediaIds.slice(i, i + 500).map((mediaId, j) => ({ shareId: row.id, mediaId, position: i + j }));
      await trx.insertInto('shareMedia').values(batch).execute();
    }
    if (recipients.length > 0) await trx.insertInto('shareRecipient').values(recipients).execute();
  }

  /** Which of these media the owner has, live (not trashed, not mid-upload). */
  async ownedMediaIds(ownerId: string, ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('media')
        .select('id')
        .where('ownerId', '=', ownerId)
        .where('id', 'in', ids.slice(i, i + 500))
        .where('trashedAt', 'is', null)
        .where('status', '!=', 'uploading')
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  async getForOwner(ownerId: string, id: string): Promise<ShareRow | undefined> {
    return this.db.selectFrom('share').selectAll().where('ownerId', '=', ownerId).where('id', '=', id).executeTakeFirst();
  }

  async getByTokenId(tokenId: string): Promise<ShareRow | undefined> {
    return this.db.selectFrom('share').selectAll().where('tokenId', '=', tokenId).executeTakeFirst();
  }

  async listForOwner(ownerId: string): Promise<ShareRow[]> {
    return this.db.selectFrom('share').selectAll().where('ownerId', '=', ownerId).orderBy('createdAt', 'desc').orderBy('id', 'desc').execute();
  }

  /** Shares naming this user as a recipient, by account or by address. */
  async listReceived(who: Recipient): Promise<ShareRow[]> {
    return this.db
      .selectFrom('share')
      .selectAll('share')
      .where('share.id', 'in', (eb) => eb.selectFrom('shareRecipient').select('shareId').where(naming(who)))
      .orderBy('share.createdAt', 'desc')
      .execute();
  }

  async getReceived(who: Recipient, id: string): Promise<ShareRow | undefined> {
    return this.db
      .selectFrom('share')
      .selectAll()
      .where('id', '=', id)
      .where('id', 'in', (eb) => eb.selectFrom('shareRecipient').select('shareId').where(naming(who)))
      .executeTakeFirst();
  }

  async recipients(shareIds: string[]): Promise<ShareRecipientRow[]> {
    if (shareIds.length === 0) return [];
    return this.db.selectFrom('shareRecipient').selectAll().where('shareId', 'in', shareIds).orderBy('id').execute();
  }

  async update(ownerId: string, id: string, set: Updateable<ShareTable>, trx: Db = this.db): Promise<ShareRow | undefined> {
    return trx.updateTable('share').set(set).where('ownerId', '=', ownerId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** Counts a view in one statement (no read-modify-write race between viewers). */
  async recordView(id: string, at: string): Promise<void> {
    await this.db.updateTable('share').set((eb) => ({ views: eb('views', '+', 1), lastAccessedAt: at })).where('id', '=', id).execute();
  }

  /** One more wrong code; locks the share until `lockUntil` when the count reaches `limit`. */
  async recordFailure(id: string, limit: number, lockUntil: string): Promise<void> {
    await this.db
      .updateTable('share')
      .set((eb) => ({
        failedAttempts: eb('failedAttempts', '+', 1),
        lockedUntil: eb.case().when('failedAttempts', '>=', limit - 1).then(lockUntil).else(eb.ref('lockedUntil')).end(),
      }))
      .where('id', '=', id)
      .execute();
  }

  async resetFailures(id: string): Promise<void> {
    await this.db.updateTable('share').set({ failedAttempts: 0, lockedUntil: null }).where('id', '=', id).execute();
  }

  /** Media counts per share: album members (live) or the share's own list; trashed media excluded. */
  async mediaCounts(shares: ShareRow[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const albumIds = shares.flatMap((s) => (s.albumId ? [s.albumId] : []));
    const mediaShareIds = shares.filter((s) => s.kind === 'media').map((s) => s.id);
    if (albumIds.length > 0) {
      const rows = await this.db
        .selectFrom('albumMedia')
        .innerJoin('media', 'media.id', 'albumMedia.mediaId')
        .select(['albumMedia.albumId as key', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('albumMedia.albumId', 'in', albumIds)
        .where('media.trashedAt', 'is', null)
        .where('media.status', '!=', 'uploading')
        .groupBy('albumMedia.albumId')
        .execute();
      const byAlbum = new Map(rows.map((r) => [r.key, Number(r.n)]));
      for (const s of shares) if (s.albumId) out.set(s.id, byAlbum.get(s.albumId) ?? 0);
    }
    if (mediaShareIds.length > 0) {
      const rows = await this.db
        .selectFrom('shareMedia')
        .innerJoin('media', 'media.id', 'shareMedia.mediaId')
        .select(['shareMedia.shareId as key', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('shareMedia.shareId', 'in', mediaShareIds)
        .where('media.trashedAt', 'is', null)
        .where('media.status', '!=', 'uploading')
        .groupBy('shareMedia.shareId')
        .execute();
      for (const r of rows) out.set(r.key, Number(r.n));
    }
    return out;
  }

  /** A page of the share's media in share (or album) order, from `offset`. */
  async items(share: ShareRow, offset: number, limit: number): Promise<SharedMediaRow[]> {
    return share.albumId
      ? await this.db
          .selectFrom('albumMedia')
          .innerJoin('media', 'media.id', 'albumMedia.mediaId')
          .select(MEDIA_COLS)
          .where('albumMedia.albumId', '=', share.albumId)
          .where('media.ownerId', '=', share.ownerId)
          .where('media.trashedAt', 'is', null)
          .where('media.status', '!=', 'uploading')
          .orderBy('albumMedia.position')
          .orderBy('media.id')
          .limit(limit)
          .offset(offset)
          .execute()
      : await this.db
          .selectFrom('shareMedia')
          .innerJoin('media', 'media.id', 'shareMedia.mediaId')
          .select(MEDIA_COLS)
          .where('shareMedia.shareId', '=', share.id)
          .where('media.ownerId', '=', share.ownerId)
          .where('media.trashedAt', 'is', null)
          .where('media.status', '!=', 'uploading')
          .orderBy('shareMedia.position')
          .limit(limit)
          .offset(offset)
          .execute();
  }

  /** One media of the share, or undefined when it is not (or no longer) part of it. */
  async item(share: ShareRow, mediaId: string): Promise<SharedMediaRow | undefined> {
    const member = share.albumId
      ? this.db.selectFrom('albumMedia').select('mediaId').where('albumId', '=', share.albumId).where('mediaId', '=', mediaId)
      : this.db.selectFrom('shareMedia').select('mediaId').where('shareId', '=', share.id).where('mediaId', '=', mediaId);
    return this.db
      .selectFrom('media')
      .select(SHARED_MEDIA_COLUMNS)
      .where('id', '=', mediaId)
      .where('ownerId', '=', share.ownerId)
      .where('trashedAt', 'is', null)
      .where('status', '!=', 'uploading')
      .where('id', 'in', member)
      .executeTakeFirst();
  }

  async insertSession(row: { id: string; shareId: string; secretHash: string; expiresAt: string }): Promise<void> {
    await this.db.insertInto('shareSession').values(row).execute();
  }

  async getSession(id: string): Promise<{ shareId: string; secretHash: string; expiresAt: string } | undefined> {
    return this.db.selectFrom('shareSession').select(['shareId', 'secretHash', 'expiresAt']).where('id', '=', id).executeTakeFirst();
  }

  /** Ends every viewer session of a share (code changed or removed), and expired ones everywhere. */
  async deleteSessions(shareId: string, expiredBefore: string, trx: Db = this.db): Promise<void> {
    await trx.deleteFrom('shareSession').where((eb) => eb.or([eb('shareId', '=', shareId), eb('expiresAt', '<', expiredBefore)])).execute();
  }
}

