import { useCallback, useRef, useState } from 'react';

export interface Selection {
  selected: ReadonlySet<string>;
  /** Click toggles one item; shift-click selects everything between the last clicked item and this one. */
  toggle(ids: readonly string[], index: number, range: boolean): void;
  setMany(ids: readonly string[], on: boolean): void;
  /** Replaces the whole selection (a drag recomputes it from its starting state on every move). */
  replace(next: ReadonlySet<string>): void;
  clear(): void;
}

/** The ids between the anchor and `index`, inclusive, in list order. */
export function rangeIds(ids: readonly string[], anchor: number, index: number): string[] {
  const [a, b] = anchor <= index ? [anchor, index] : [index, anchor];
  return ids.slice(Math.max(0, a), b + 1);
}

export function useSelection(): Selection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<number | null>(null);
  const toggle = useCallback((ids: readonly string[], index: number, range: boolean) => {
    const id = ids[index];
    if (id === undefined) return;
    setSelected((prev) => {
      const next = new Set(prev);
      if (range && anchor.current !== null) for (const r of rangeIds(ids, anchor.current, index)) next.add(r);
      else if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    anchor.current = index;
  }, []);
  const setMany = useCallback((ids: readonly string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const replace = useCallback((next: ReadonlySet<string>) => setSelected(next), []);
  const clear = useCallback(() => {
    anchor.current = null;
    setSelected(new Set());
  }, []);
  return { selected, toggle, setMany, replace, clear };
}
