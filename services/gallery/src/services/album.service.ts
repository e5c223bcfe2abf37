import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Album, CreateAlbumRequest, UpdateAlbumRequest } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import type { GalleryDB } from '../db/schema.ts';
import type { AlbumStore } from '../stores/album.store.ts';
import type { AlbumIndexWriter } from './album-index.ts';
import { toAlbum } from './mappers.ts';

/** Albums: many-to-many with media, no copy of bytes; each change rewrites the album's index.json. */
export class AlbumService {
  constructor(
    private readonly db: Kysely<GalleryDB>,
    private readonly albums: AlbumStore,
    private readonly index: AlbumIndexWriter,
    private readonly clock: Clock,
  ) {}

  async create(userId: string, req: CreateAlbumRequest): Promise<Album> {
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    await this.albums.insert({
      id,
      ownerId: userId,
      name: req.name.trim(),
      description: req.description ?? null,
      type: 'regular',
      coverMediaId: null,
      indexEtag: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.index.writeOrQueue(userId, id);
    return this.get(userId, id);
  }

  async list(userId: string): Promise<Album[]> {
    return (await this.albums.listForOwner(userId)).map(toAlbum);
  }

  async get(userId: string, id: string): Promise<Album> {
    const album = await this.albums.getForOwner(userId, id);
    if (!album) throw new AppError('ALBUM_NOT_FOUND');
    return toAlbum(album);
  }

  async update(userId: string, id: string, req: UpdateAlbumRequest): Promise<Album> {
    if (req.name === undefined && req.description === undefined && req.coverMediaId === undefined) {
      throw new AppError('VALIDATION_FAILED', { message: 'Nothing to change: send name, description or coverMediaId.' });
    }
    await this.get(userId, id);
    if (req.coverMediaId) {
      const members = await this.albums.entries(id);
      if (!members.some((m) => m.mediaId === req.coverMediaId)) {
        throw new AppError('MEDIA_NOT_FOUND', { message: 'The cover must be a photo of this album.' });
      }
    }
    await this.albums.update(userId, id, {
      ...(req.name !== undefined ? { name: req.name.trim() } : {}),
      ...(req.description !== undefined ? { description: req.description } : {}),
      ...(req.coverMediaId !== undefined ? { coverMediaId: req.coverMediaId } : {}),
      updatedAt: this.clock.now().toISOString(),
    });
    await this.index.writeOrQueue(userId, id);
    return this.get(userId, id);
  }

  async delete(userId: string, id: string): Promise<void> {
    const deleted = await this.db.transaction().execute((trx) => this.albums.delete(userId, id, trx));
    if (!deleted) throw new AppError('ALBUM_NOT_FOUND');
    await this.index.writeOrQueue(userId, id);
  }

  /** Adds the user's own media; any id that is not theirs (or is trashed) fails the whole request. */
  async addMedia(userId: string, id: string, mediaIds: string[]): Promise<Album> {
    await this.get(userId, id);
    const ids = [...new Set(mediaIds)];
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const owned = await trx
        .selectFrom('media')
        .select('id')
        .where('ownerId', '=', userId)
        .where('id', 'in', ids)
        .where('trashedAt', 'is', null)
        .where('status', '!=', 'uploading')
        .execute();
      if (owned.length !== ids.length) {
        const found = new Set(owned.map((o) => o.id));
        throw new AppError('MEDIA_NOT_FOUND', { details: { missing: ids.filter((m) => !found.has(m)) } });
      }
      await this.albums.addMedia(id, ids, now, trx);
      await this.albums.update(userId, id, { updatedAt: now }, trx);
    });
    await this.index.writeOrQueue(userId, id);
    return this.get(userId, id);
  }

  async removeMedia(userId: string, id: string, mediaIds: string[]): Promise<Album> {
    const album = await this.get(userId, id);
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await this.albums.removeMedia(id, mediaIds, trx);
      const cover = album.coverMediaId && mediaIds.includes(album.coverMediaId) ? { coverMediaId: null } : {};
      await this.albums.update(userId, id, { ...cover, updatedAt: now }, trx);
    });
    await this.index.writeOrQueue(userId, id);
    return this.get(userId, id);
  }

  /** Puts the listed media first in this order; ids not in the album are ignored. */
  async reorder(userId: string, id: string, mediaIds: string[]): Promise<Album> {
    await this.get(userId, id);
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await this.albums.reorder(id, mediaIds, trx);
      await this.albums.update(userId, id, { updatedAt: now }, trx);
    });
    await this.index.writeOrQueue(userId, id);
    return this.get(userId, id);
  }
}
