import { useEffect, useState } from 'react';
import type { MediaDetail } from '@photocloud/contracts';
import { thumbHashToDataURL } from 'thumbhash';
import { api } from './session.tsx';

/**
 * Thumbnail URLs are short-lived presigned links from `GET /media/:id`. They are fetched for the tiles
 * on screen only, a few at a time, and kept until shortly before they expire.
 */
const cache = new Map<string, { detail: MediaDetail; until: number }>();
const pending = new Map<string, Promise<MediaDetail>>();
const queue: Array<() => void> = [];
let running = 0;
const MAX_PARALLEL = 6;

function pump(): void {
  while (running < MAX_PARALLEL && queue.length > 0) {
    running += 1;
    queue.shift()!();
  }
}

export function loadDetail(id: string): Promise<MediaDetail> {
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return Promise.resolve(hit.detail);
  let p = pending.get(id);
  if (!p) {
    p = new Promise<MediaDetail>((resolve, reject) => {
      queue.push(() => {
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
      });
      pump();
    });
    pending.set(id, p);
  }
  return p;
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
      loadDetail(id).then(
        (d) => {
          if (!live) return;
          const u = d.urls[size] ?? (size === 'preview' && d.status === 'ready' ? d.urls.original : null);
          setUrl(u);
          // Thumbnails appear a moment after an upload: poll a little while processing runs.
          if (!u && tries++ < 20) timer = setTimeout(load, 1500);
        },
        () => undefined,
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
