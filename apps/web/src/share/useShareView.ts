import { useCallback, useEffect, useRef, useState } from 'react';
import type { SharedItem, ShareView } from '@photocloud/contracts';

export type ViewState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; view: ShareView; items: SharedItem[]; loadingMore: boolean };

/** A share's pages: the first on mount (and on `reload`), the next ones on demand. */
export function useShareView(fetchPage: (cursor: string | undefined) => Promise<ShareView>): { state: ViewState; more(): void; reload(): void } {
  const [state, setState] = useState<ViewState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const busy = useRef(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    fetchRef.current(undefined).then(
      (view) => live && setState({ status: 'ready', view, items: view.items, loadingMore: false }),
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
    fetchRef.current(current.view.nextCursor ?? undefined).then(
      (view) => setState({ status: 'ready', view, items: [...current.items, ...view.items], loadingMore: false }),
      (error: unknown) => setState({ status: 'error', error }),
    ).finally(() => (busy.current = false));
  }, [state]);

  return { state, more, reload: useCallback(() => setAttempt((a) => a + 1), []) };
}
