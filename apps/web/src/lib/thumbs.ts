import { useEffect, useState } from 'react';
import type { MediaDetail } from '@photocloud/contracts';
import { thumbHashToDataURL } from 'thumbhash';
import { isApiError } from '@photocloud/sdk';
import { api } from './session.tsx';

/**
 * Thumbnail URLs are short-lived presigned links from `GET /media/:id`. They are fetched for the tiles
 * on screen only, a few at a time, and kept until shortly before they expire.
 */
const cache = new Map<string, { detail: MediaDetail; until: number }>();
interface Job {
  id: string;
  promise: Promise<MediaDetail>;
  /** Callers still interested; a job nobody wants any more is dropped before it starts (fast scrolling). */
  wanted: Array<() => boolean>;
  start(): void;
  drop(): void;
}
const pending = new Map<string, Job>();
const queue: Job[] = [];
let running = 0;
const MAX_PARALLEL = 6;

function pump(): void {
  while (running < MAX_PARALLEL && queue.length > 0) {
    const job = queue.pop()!; // newest first: the tiles that just scrolled into view
    if (!job.wanted.some((w) => w())) {
      job.drop();
      continue;
    }
    running += 1;
    job.start();
  }
}

export function loadDetail(id: string, wanted: () => boolean = () => true): Promise<MediaDetail> {
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return Promise.resolve(hit.detail);
  const existing = pending.get(id);
  if (existing) {
    existing.wanted.push(wanted);
    return existing.promise;
  }
  let resolve!: (d: MediaDetail) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<MediaDetail>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const job: Job = {
    id,
    promise,
    wanted: [wanted],
    start: () => {
      api.media
        .get(id)
        .then((detail) => {
          // A media still being processed has no thumbnail yet: ask again next time.
          if (detail.urls.thumbnail) cache.set(id, { detail, until: Date.parse(detail.urls.expiresAt) - 60_000 });
          resolve(detail);
        }, reject)
        .finally(() => {
          running -= 1;
          pending.delete(id);
          pump();
        });
    },
    drop: () => {
      pending.delete(id);
      reject(new DOMException('No longer needed', 'AbortError'));
    },
  };
  pending.set(id, job);
  queue.push(job);
  pump();
  return promise;
}

/** Drops a cached detail after a change (favorite, processing finished). */
export function forgetDetail(id: string): void {
  cache.delete(id);
}

/** The thumbnail URL of a media once known (null while unknown or when it has none yet). */
export function useThumbnail(id: string | null | undefined, size: 'thumbnail' | 'preview' = 'thumbnail'): string | null {
  const [url, setUrl] = useState<string | null>(() => (id ? (cache.get(id)?.detail.urls[size] ?? null) : null));
  useEffect(() => {
    if (!id) return;
    let live = true;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      loadDetail(id, () => live).then(
        (d) => {
          if (!live) return;
          const u = d.urls[size] ?? (size === 'preview' && d.status === 'ready' ? d.urls.original : null);
          setUrl(u);
          // Thumbnails appear a moment after an upload: poll a little while processing runs.
          if (!u && tries++ < 20) timer = setTimeout(load, 1500);
        },
        (err: unknown) => {
          // Rate limited or offline while scrolling fast: try again later, a bit slower each time.
          if (live && !isApiError(err, 'MEDIA_NOT_FOUND') && (err as Error).name !== 'AbortError' && tries++ < 8) timer = setTimeout(load, 1000 * 2 ** Math.min(tries, 5));
        },
      );
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, size]);
  return url;
}

const placeholders = new Map<string, string>();

/** A data URL of the blurred placeholder stored as a base64 thumbhash. */
export function placeholderOf(thumbhash: string | null): string | undefined {
  if (!thumbhash) return undefined;
  let url = placeholders.get(thumbhash);
  if (!url) {
    try {
      const bytes = Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0));
      url = thumbHashToDataURL(bytes);
    } catch {
      return undefined;
    }
    placeholders.set(thumbhash, url);
  }
  return url;
}
