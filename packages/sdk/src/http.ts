import type { LoginResponse, REFRESH_DELIVERY_HEADER as DeliveryHeader } from '@photocloud/contracts';
import { ApiError, errorFromBody } from './errors.ts';

// Type-only import, checked against the contract: importing the value would pull TypeBox into the web bundle.
const REFRESH_DELIVERY_HEADER: typeof DeliveryHeader = 'x-refresh-token-delivery';

export interface ClientOptions {
  /** Base URL of the gateway; '' (default) for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /**
   * 'cookie' (browsers): the refresh token lives in the httpOnly cookie.
   * 'body' (CLI, tests): it comes back in the JSON and the client keeps it.
   */
  refreshDelivery?: 'cookie' | 'body';
  refreshToken?: string;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sign-in calls and refresh carry no bearer token and are never retried after a refresh. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

type SessionListener = (session: LoginResponse | null) => void;

/**
 * The one place requests go through: JSON in and out, the bearer token, one refresh-and-retry on a 401,
 * and typed errors. The access token only lives in memory.
 */
export class HttpClient {
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly delivery: 'cookie' | 'body';
  private accessToken: string | null = null;
  private refreshToken: string | undefined;
  private expiresAt = 0;
  private refreshing: Promise<LoginResponse | null> | null = null;
  /** Bumped by every sign-in, so a refresh refused after a newer sign-in does not end that one. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<SessionListener>();

  constructor(opts: ClientOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? '').replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.delivery = opts.refreshDelivery ?? 'cookie';
    this.refreshToken = opts.refreshToken;
  }

  /** Called with the new session after every sign-in and refresh, and with null when it ends. */
  onSession(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get token(): string | null {
    return this.accessToken;
  }

  get storedRefreshToken(): string | undefined {
    return this.refreshToken;
  }

  url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Keeps the session of a sign-in answer and schedules its refresh a minute before expiry. */
  adopt(session: LoginResponse): LoginResponse {
    this.generation += 1;
    this.accessToken = session.accessToken;
    if (session.refreshToken) this.refreshToken = session.refreshToken;
    this.expiresAt = Date.now() + session.expiresIn * 1000;
    clearTimeout(this.timer);
    const lead = Math.max(5, Math.min(60, session.expiresIn / 5));
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), Math.max(1, session.expiresIn - lead) * 1000);
    // A pending refresh must not keep a CLI process alive.
    (this.timer as { unref?: () => void }).unref?.();
    for (const l of this.listeners) l(session);
    return session;
  }

  /** Forgets the session locally (the server side is ended by `auth.logout`). */
  clear(): void {
    this.accessToken = null;
    this.refreshToken = undefined;
    this.expiresAt = 0;
    clearTimeout(this.timer);
    for (const l of this.listeners) l(null);
  }

  /** Trades the refresh token (cookie or kept) for a new session; null when there is none or it is refused. */
  refresh(): Promise<LoginResponse | null> {
    // One refresh at a time: concurrent 401s all wait for the same one (refresh tokens rotate).
    this.refreshing ??= this.acrossTabs(() => this.doRefresh()).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * Tabs of one browser share the refresh cookie: two rotating the same token at once would look like
   * a stolen token and end the session. A Web Lock makes them take turns; the second then sends the
   * cookie the first one got back.
   */
  private acrossTabs<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    if (this.delivery !== 'cookie' || !locks) return fn();
    return locks.request(`photocloud-refresh ${this.baseUrl}`, fn) as Promise<Awaited<T>> as Promise<T>;
  }

  private async doRefresh(): Promise<LoginResponse | null> {
    if (this.delivery === 'body' && !this.refreshToken) return null;
    const generation = this.generation;
    try {
      const body = this.delivery === 'body' ? { refreshToken: this.refreshToken } : {};
      const session = await this.send<LoginResponse>('POST', '/auth/refresh', { body, anonymous: true });
      return this.adopt(session);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        if (generation !== this.generation) return null;
        this.clear();
        return null;
      }
      throw err;
    }
  }

  headers(anonymous = false): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (this.delivery === 'body') h[REFRESH_DELIVERY_HEADER] = 'body';
    if (!anonymous && this.accessToken) h.authorization = `Bearer ${this.accessToken}`;
    return h;
  }

  async send<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    if (!opts.anonymous && this.accessToken && Date.now() > this.expiresAt - 5000) await this.refresh().catch(() => null);
    let res = await this.once(method, path, opts);
    if (res.status === 401 && !opts.anonymous && this.accessToken && (await this.refresh().catch(() => null))) {
      res = await this.once(method, path, opts);
    }
    return parse<T>(res);
  }

  private async once(method: string, path: string, opts: RequestOptions): Promise<Response> {
    const headers = this.headers(opts.anonymous);
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetchFn(this.url(path, opts.query), {
        method,
        headers,
        credentials: 'include',
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError('NETWORK', 'The server could not be reached.', 0);
    }
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError('BAD_RESPONSE', 'The server answered something that is not JSON.', res.status);
    }
  }
  if (!res.ok) throw errorFromBody(res.status, body);
  return body as T;
}
