/** Pure bookkeeping of an upload batch (kept apart from React so it can be tested under node). */
export type UploadStatus = 'hashing' | 'waiting' | 'uploading' | 'done' | 'duplicate' | 'failed' | 'cancelled';

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  status: UploadStatus;
  loaded: number;
  hash?: string;
  error?: string;
  mediaId?: string;
  /** false when trying again cannot help (the file is not a photo, or too large). */
  retryable?: boolean;
  /** Transient failures already retried on their own (shown while it tries again). */
  retries?: number;
}

export interface UploadSummary {
  total: number;
  finished: number;
  added: number;
  duplicates: number;
  failed: number;
  cancelled: number;
  /** Bytes sent over bytes to send; duplicates count as sent. */
  fraction: number;
  active: boolean;
}

const FINISHED: ReadonlySet<UploadStatus> = new Set(['done', 'duplicate', 'failed', 'cancelled']);

export function isFinished(status: UploadStatus): boolean {
  return FINISHED.has(status);
}

export function summarize(items: readonly UploadItem[]): UploadSummary {
  let added = 0;
  let duplicates = 0;
  let failed = 0;
  let cancelled = 0;
  let loaded = 0;
  let size = 0;
  for (const i of items) {
    if (i.status === 'done') added += 1;
    else if (i.status === 'duplicate') duplicates += 1;
    else if (i.status === 'failed') failed += 1;
    else if (i.status === 'cancelled') cancelled += 1;
    size += i.size;
    loaded += FINISHED.has(i.status) ? i.size : Math.min(i.loaded, i.size);
  }
  const finished = added + duplicates + failed + cancelled;
  return { total: items.length, finished, added, duplicates, failed, cancelled, fraction: size > 0 ? loaded / size : items.length && finished === items.length ? 1 : 0, active: finished < items.length };
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Worth trying the whole file again by itself: the connection dropped, the server or the storage was
 * busy or failing. Refusals (too large, over quota, not a photo) are final.
 */
export function isTransient(err: unknown): boolean {
  const e = err as { code?: unknown; status?: unknown } | null;
  if (!e || typeof e.status !== 'number') return false;
  return e.code === 'NETWORK' || e.status === 429 || e.status === 408 || e.status >= 500;
}

/** Refusals that depend on the file alone: sending it again gives the same answer. */
export function isFinalRefusal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'UNSUPPORTED_MEDIA' || code === 'UPLOAD_TOO_LARGE' || code === 'UPLOAD_EMPTY';
}
