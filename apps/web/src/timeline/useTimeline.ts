import { useCallback, useEffect, useRef, useState } from 'react';
import type { Media, MonthBucket, TimelineQuery } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { onLibraryChange } from '../lib/events.ts';

export type TimelineFilter = Pick<TimelineQuery, 'favorite' | 'albumId'>;

const PAGE = 200;
/** The scrubber pages in bigger steps to reach an old month sooner (the API's maximum). */
const JUMP_PAGE = 500;

export interface TimelineState {
  items: Media[];
  buckets: MonthBucket[];
  done: boolean;
  loading: boolean;
  error: unknown;
  /** Loads the next page (keyset cursor); no-op while one is in flight or at the end. */
  loadMore(limit?: number): Promise<void>;
  /** Starts over from the first page (after an error). */
  reload(): void;
  /** Loads pages until `month` (YYYY-MM) is in the list, for the scrubber. */
  loadUntil(month: string): Promise<void>;
  /** Replaces an item after a change (favorite) or removes it (null). */
  patch(id: string, media: Media | null): void;
}

/** Newest-first media with infinite keyset paging; reloads when the library changes. */
export function useTimeline(filter: TimelineFilter): TimelineState {
  const [items, setItems] = useState<Media[]>([]);
  const [buckets, setBuckets] = useState<MonthBucket[]>([]);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const state = useRef({ cursor: null as string | null, done: false, inflight: null as Promise<void> | null, generation: 0, items: [] as Media[] });
  const key = JSON.stringify(filter);

  const fetchPage = useCallback((limit: number = PAGE): Promise<void> => {
    const s = state.current;
    if (s.done) return Promise.resolve();
    if (s.inflight) return s.inflight;
    const generation = s.generation;
    setLoading(true);
    const query: TimelineQuery = { ...filter, limit, ...(s.cursor ? { cursor: s.cursor } : {}) };
    s.inflight = api.media
      .timeline(query)
      .then((page) => {
        if (generation !== s.generation) return;
        s.items = [...s.items, ...page.items];
        s.cursor = page.nextCursor;
        s.done = !page.nextCursor;
        setItems(s.items);
        setDone(s.done);
        setError(null);
      })
      .catch((err: unknown) => {
        if (generation === s.generation) setError(err);
      })
      .finally(() => {
        if (generation === s.generation) {
          s.inflight = null;
          setLoading(false);
        }
      });
    return s.inflight;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const reset = useCallback(() => {
    const s = state.current;
    s.generation += 1;
    s.cursor = null;
    s.done = false;
    s.inflight = null;
    s.items = [];
    void fetchPage();
    api.media.buckets(filter).then(setBuckets, () => setBuckets([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchPage]);

  useEffect(() => {
    setItems([]);
    setDone(false);
    reset();
    return onLibraryChange(reset);
  }, [reset]);

  // Fresh uploads get their size and placeholder when processing ends: reload the first page until then.
  const processing = items.some((m) => m.status === 'uploading' || m.status === 'processing');
  const polls = useRef(0);
  useEffect(() => {
    if (!processing || items.length > PAGE || polls.current > 40) return;
    const timer = setTimeout(() => {
      polls.current += 1;
      reset();
    }, 1500);
    return () => clearTimeout(timer);
  }, [processing, items, reset]);

  const loadUntil = useCallback(
    async (month: string) => {
      const s = state.current;
      // The list is newest first: keep paging until its oldest item is in or before `month`.
      while (!s.done && (s.items.at(-1)?.takenAt.slice(0, 7) ?? '9999') > month) {
        const before = s.items.length;
        await fetchPage(JUMP_PAGE);
        if (s.items.length === before && !s.done) break;
      }
    },
    [fetchPage],
  );

  const patch = useCallback((id: string, media: Media | null) => {
    const s = state.current;
    s.items = media ? s.items.map((m) => (m.id === id ? media : m)) : s.items.filter((m) => m.id !== id);
    setItems(s.items);
  }, []);

  return { items, buckets, done, loading, error, loadMore: fetchPage, reload: reset, loadUntil, patch };
}
