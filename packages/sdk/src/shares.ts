import type {
  CreatedShare,
  CreateShareRequest,
  ReceivedShare,
  Share,
  ShareView,
  ShareViewQuery,
  UpdateShareRequest,
} from '@photocloud/contracts';
import { errorFromBody } from './errors.ts';
import type { HttpClient } from './http.ts';

const seg = encodeURIComponent;

/** The answer to a correct access code; the share session itself travels in an httpOnly cookie. */
export interface UnlockedShare {
  unlocked: true;
  expiresAt: string;
}

/** The gallery's sharing routes (`/shares/*`, `/public/shares/*`). */
export class SharesApi {
  constructor(private readonly http: HttpClient) {}

  /** Shares an album (`albumId`) or a selection (`mediaIds`); the answer alone carries the link. */
  create(req: CreateShareRequest): Promise<CreatedShare> {
    return this.http.send('POST', '/shares', { body: req });
  }

  /** The caller's shares, newest first, with their status (active, expired, revoked). */
  async list(): Promise<Share[]> {
    return (await this.http.send<{ items: Share[] }>('GET', '/shares')).items;
  }

  get(id: string): Promise<Share> {
    return this.http.send('GET', `/shares/${seg(id)}`);
  }

  /** Extends, changes or removes the code, renames, toggles downloads or the location. */
  update(id: string, req: UpdateShareRequest): Promise<Share> {
    return this.http.send('PATCH', `/shares/${seg(id)}`, { body: req });
  }

  /** Revokes at once: the link and any open viewer session stop working. */
  async revoke(id: string): Promise<void> {
    await this.http.send('DELETE', `/shares/${seg(id)}`);
  }

  /** Active shares that name the caller as a recipient ("shared with me"). */
  async received(): Promise<ReceivedShare[]> {
    return (await this.http.send<{ items: ReceivedShare[] }>('GET', '/shares/received')).items;
  }

  /** A received share's items, as its recipient sees them (no link or code needed). */
  receivedView(id: string, query: ShareViewQuery = {}, signal?: AbortSignal): Promise<ShareView> {
    return this.http.send('GET', `/shares/received/${seg(id)}`, { query: { ...query }, ...(signal ? { signal } : {}) });
  }

  /**
   * A received share's original or ZIP (`originalUrl`, `downloadUrl` of `receivedView`). Those paths need
   * the bearer token, which a plain link cannot carry: the file is fetched and handed back whole.
   */
  async receivedFile(path: string, signal?: AbortSignal): Promise<Blob> {
    const get = () => fetch(this.http.url(path), { headers: this.http.headers(), credentials: 'include', ...(signal ? { signal } : {}) });
    let res = await get();
    if (res.status === 401 && (await this.http.refresh().catch(() => null))) res = await get();
    if (!res.ok) throw errorFromBody(res.status, await res.json().catch(() => undefined));
    return res.blob();
  }

  /**
   * What a link opens, without an account. A code-protected share answers SHARE_CODE_REQUIRED until
   * `unlock` succeeds; browsers keep the unlocked session in a cookie scoped to this share.
   */
  view(token: string, query: ShareViewQuery = {}, signal?: AbortSignal): Promise<ShareView> {
    return this.http.send('GET', `/public/shares/${seg(token)}`, { query: { ...query }, anonymous: true, ...(signal ? { signal } : {}) });
  }

  /** Trades the access code for a share session (SHARE_CODE_WRONG, or SHARE_LOCKED after too many tries). */
  unlock(token: string, code: string): Promise<UnlockedShare> {
    return this.http.send('POST', `/public/shares/${seg(token)}/unlock`, { body: { code }, anonymous: true });
  }

  /** Absolute URL of an API path the share view hands out (`originalUrl`, `downloadUrl`); presigned URLs pass unchanged. */
  fileUrl(pathOrUrl: string): string {
    return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : this.http.url(pathOrUrl);
  }
}
