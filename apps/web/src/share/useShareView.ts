import { useCallback, useEffect, useRef, useState } from 'react';
import type { SharedItem, ShareView, ShareViewQuery } from '@photocloud/contracts';
import { isApiError } from '@photocloud/sdk';

export type ViewState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; view: ShareView; items: SharedItem[]; loadingMore: boolean; fetchedAt: number };

export type FetchPage = (query: ShareViewQuery) => Promise<ShareView>;

/** URLs are replaced this long before they expire, so an image loading then still gets a live one. */
const REFRESH_AHEAD_MS = 60_000;
/** After a failed refresh (offline, server restarting), the next try. */
const RETRY_MS = 30_000;

/**
 * Milliseconds until the URLs of a page fetched at `fetchedAt` should be replaced. Counted from the
 * lifetime the server gave, not its clock, so a device whose clock is off neither waits too long
 * nor refreshes in a loop.
 */
export function refreshDelay(view: Pick<ShareView, 'urlsExpireInSeconds'>, fetchedAt: number, now: number): number {
  return Math.max(0, fetchedAt + view.urlsExpireInSeconds * 1000 - REFRESH_AHEAD_MS - now);
}

/** An answer that another try will not change (a 4xx other than 408 and 429). */
function isFinal(error: unknown): boolean {
  const status = isApiError(error) ? error.status : 0;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** The pages already shown, fetched again for fresh URLs (not counted as a view), up to `count` items. */
export async function refetchPages(fetchPage: FetchPage, count: number): Promise<{ view: ShareView; items: SharedItem[] }> {
  const items: SharedItem[] = [];
  let cursor: string | undefined;
  for (;;) {
    const view = await fetchPage({ refresh: true, limit: 500, ...(cursor ? { cursor } : {}) });
    items.push(...view.items);
    cursor = view.nextCursor ?? undefined;
    if (!cursor || items.length >= count) return { view, items };
  }
}

/**
 * A share's pages: the first on mount (and on `reload`), the next ones on demand. A page left open
 * gets fresh URLs shortly before the ones it shows expire (and at once when the tab comes back
 * after that), so photos keep loading however long it stays open.
 */
export function useShareView(fetchPage: FetchPage): { state: ViewState; more(): void; reload(): void } {
  const [state, setState] = useState<ViewState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const busy = useRef(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    fetchRef.current({}).then(
      (view) => live && setState({ status: 'ready', view, items: view.items, loadingMore: false, fetchedAt: Date.now() }),
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const more = useCallback(() => {
    if (state.status !== 'ready' || !state.view.nextCursor || busy.current) return;
    busy.current = true;
    const current = state;
    setState({ ...current, loadingMore: true });
    fetchRef.current({ cursor: current.view.nextCursor ?? undefined }).then(
      (view) => setState({ ...current, view, items: [...current.items, ...view.items], loadingMore: false }),
      (error: unknown) => setState({ status: 'error', error }),
    ).finally(() => (busy.current = false));
  }, [state]);

  const ready = state.status === 'ready' ? state : null;
  useEffect(() => {
    if (!ready) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (busy.current) return void (timer = setTimeout(refresh, RETRY_MS));
      busy.current = true;
      refetchPages(fetchRef.current, ready.items.length).then(
        ({ view, items }) => live && setState({ status: 'ready', view, items, loadingMore: false, fetchedAt: Date.now() }),
        (error: unknown) => {
          if (!live) return;
          // The link was revoked, expired or locked meanwhile: say so. Offline or a server hiccup: try again.
          if (isFinal(error)) setState({ status: 'error', error });
          else timer = setTimeout(refresh, RETRY_MS);
        },
      ).finally(() => (busy.current = false));
    };
    timer = setTimeout(refresh, refreshDelay(ready.view, ready.fetchedAt, Date.now()));
    // Background tabs run timers late or not at all: catch up when the page is seen again.
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || refreshDelay(ready.view, ready.fetchedAt, Date.now()) > 0) return;
      clearTimeout(timer);
      refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ready]);

  return { state, more, reload: useCallback(() => setAttempt((a) => a + 1), []) };
}
