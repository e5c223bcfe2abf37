import type {
  Album,
  CheckHashesResponse,
  CreateAlbumRequest,
  Media,
  MediaDetail,
  MediaPage,
  MonthBucket,
  TimelineQuery,
  UpdateAlbumRequest,
  UpdateMediaRequest,
} from '@photocloud/contracts';
import type { HttpClient } from './http.ts';

/** Lists may come bare or wrapped (`{ items }`, `{ buckets }`); callers always get the array. */
function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const inner = (body as Record<string, unknown> | null)?.[key] ?? (body as Record<string, unknown> | null)?.items;
  return Array.isArray(inner) ? (inner as T[]) : [];
}

const seg = encodeURIComponent;

/** The gallery's media routes (`/media/*`): timeline, details, favorites, deletion, duplicate check. */
export class MediaApi {
  constructor(private readonly http: HttpClient) {}

  /** One page of the timeline, newest first; pass `nextCursor` back for the next one. */
  timeline(query: TimelineQuery = {}, signal?: AbortSignal): Promise<MediaPage> {
    return this.http.send('GET', '/media', { query: { ...query }, ...(signal ? { signal } : {}) });
  }

  async buckets(query: Pick<TimelineQuery, 'favorite' | 'kind' | 'albumId'> = {}): Promise<MonthBucket[]> {
    return listOf<MonthBucket>(await this.http.send('GET', '/media/buckets', { query: { ...query } }), 'buckets');
  }

  get(id: string): Promise<MediaDetail> {
    return this.http.send('GET', `/media/${seg(id)}`);
  }

  update(id: string, req: UpdateMediaRequest): Promise<Media> {
    return this.http.send('PATCH', `/media/${seg(id)}`, { body: req });
  }

  /** Moves the media to the trash. */
  async remove(id: string): Promise<void> {
    await this.http.send('DELETE', `/media/${seg(id)}`);
  }

  /** Which of these SHA-256 hashes (hex) the user already has. */
  check(hashes: string[]): Promise<CheckHashesResponse> {
    return this.http.send('POST', '/media/check', { body: { hashes } });
  }
}

export class AlbumsApi {
  constructor(private readonly http: HttpClient) {}

  async list(): Promise<Album[]> {
    return listOf<Album>(await this.http.send('GET', '/albums'), 'albums');
  }

  get(id: string): Promise<Album> {
    return this.http.send('GET', `/albums/${seg(id)}`);
  }

  create(req: CreateAlbumRequest): Promise<Album> {
    return this.http.send('POST', '/albums', { body: req });
  }

  update(id: string, req: UpdateAlbumRequest): Promise<Album> {
    return this.http.send('PATCH', `/albums/${seg(id)}`, { body: req });
  }

  async remove(id: string): Promise<void> {
    await this.http.send('DELETE', `/albums/${seg(id)}`);
  }

  async addMedia(id: string, mediaIds: string[]): Promise<void> {
    await this.http.send('POST', `/albums/${seg(id)}/media`, { body: { mediaIds } });
  }

  async removeMedia(id: string, mediaIds: string[]): Promise<void> {
    await this.http.send('DELETE', `/albums/${seg(id)}/media`, { body: { mediaIds } });
  }
}

export class TrashApi {
  constructor(private readonly http: HttpClient) {}

  async list(query: { cursor?: string; limit?: number } = {}): Promise<MediaPage> {
    const body = await this.http.send<unknown>('GET', '/trash', { query });
    const next = (body as { nextCursor?: string | null } | null)?.nextCursor ?? null;
    return { items: listOf<Media>(body, 'items'), nextCursor: next };
  }

  async restore(mediaIds: string[]): Promise<void> {
    await this.http.send('POST', '/trash/restore', { body: { mediaIds } });
  }

  /** Deletes every trashed media for good. */
  async empty(): Promise<void> {
    await this.http.send('POST', '/trash/empty');
  }
}
