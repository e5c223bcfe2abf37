import { useCallback, useEffect, useRef, useState, type MouseEvent as ReactMouseEvent, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { tileNear, tilesInRect, type Layout, type Rect } from './layout.ts';
import { rangeIds, type Selection } from './selection.ts';

/** A press has to travel this far before it becomes a drag (a click wobbles a little). */
const DRAG_THRESHOLD = 6;
/** Touch: hold this long on a photo to start selecting, as in other photo apps. */
const LONG_PRESS_MS = 450;
/** A finger moving more than this before the long press fires is scrolling. */
const TOUCH_SLOP = 10;
/** Within this distance of the scroller's top or bottom edge the page scrolls, faster nearer the edge. */
const EDGE = 64;
const MAX_SPEED = 24;

interface Drag {
  kind: 'mouse' | 'touch';
  /** Where the press started, in layout coordinates (they scroll with the content). */
  start: { x: number; y: number };
  /** The pointer's last position on screen. */
  client: { x: number; y: number };
  /** The selection when the drag started; each move recomputes from it, so shrinking the rectangle gives photos back. */
  base: ReadonlySet<string>;
  /** A drag that starts on a selected photo unselects; otherwise it adds. */
  mode: 'add' | 'remove';
  /** Touch drags select the range in list order from this photo. */
  anchor: number;
  active: boolean;
  lastKey: string;
}

interface Inputs {
  scroller: RefObject<HTMLDivElement | null>;
  canvas: RefObject<HTMLDivElement | null>;
  layout: Layout;
  ids: readonly string[];
  selection: Selection;
}

/**
 * Drag selection for the timeline. Mouse: press anywhere on the grid and drag a rectangle; every photo it
 * crosses is selected. Touch: long-press a photo, then slide to select the range up to the photo under the
 * finger. Hits come from the layout (not from the DOM, which only holds the rows near the viewport), and
 * holding the pointer near the top or bottom edge scrolls, so a drag can reach photos not rendered yet.
 */
export function useDragSelect({ scroller, canvas, layout, ids, selection }: Inputs) {
  const [lasso, setLasso] = useState<Rect | null>(null);
  const latest = useRef({ layout, ids, selection });
  latest.current = { layout, ids, selection };
  const drag = useRef<Drag | null>(null);
  const frame = useRef(0);
  /** Set when a drag ends: the click the browser sends after the release must not open or toggle a photo. */
  const swallowClick = useRef(false);

  const toLayout = useCallback(
    (client: { x: number; y: number }) => {
      const box = canvas.current!.getBoundingClientRect();
      return { x: Math.min(Math.max(client.x - box.left, 0), box.width), y: client.y - box.top };
    },
    [canvas],
  );

  /** Applies the drag to the selection and scrolls near the edges; runs at most once per frame. */
  const tick = useCallback(() => {
    frame.current = 0;
    const d = drag.current;
    const el = scroller.current;
    if (!d || !d.active || !el || !canvas.current) return;
    const { layout: lay, ids: list, selection: sel } = latest.current;
    const at = toLayout(d.client);
    let hits: number[];
    if (d.kind === 'mouse') {
      const rect = { left: Math.min(d.start.x, at.x), top: Math.min(d.start.y, at.y), right: Math.max(d.start.x, at.x), bottom: Math.max(d.start.y, at.y) };
      setLasso(rect);
      hits = tilesInRect(lay.rows, rect);
    } else {
      const end = tileNear(lay.rows, at.x, at.y);
      hits = end === null ? [d.anchor, d.anchor] : [Math.min(d.anchor, end), Math.max(d.anchor, end)];
    }
    const key = hits.join(',');
    if (key !== d.lastKey) {
      d.lastKey = key;
      const hitIds = d.kind === 'mouse' ? hits.map((i) => list[i]!).filter(Boolean) : rangeIds(list, hits[0]!, hits[1]!);
      const next = new Set(d.base);
      for (const id of hitIds) {
        if (d.mode === 'add') next.add(id);
        else next.delete(id);
      }
      sel.replace(next);
    }
    const box = el.getBoundingClientRect();
    const speed =
      d.client.y < box.top + EDGE ? -MAX_SPEED * Math.min(1, (box.top + EDGE - d.client.y) / EDGE) : d.client.y > box.bottom - EDGE ? MAX_SPEED * Math.min(1, (d.client.y - (box.bottom - EDGE)) / EDGE) : 0;
    if (speed !== 0) {
      const before = el.scrollTop;
      el.scrollTop = before + speed;
      // Keep scrolling while the pointer rests near the edge, until the end of the list.
      if (el.scrollTop !== before) frame.current = requestAnimationFrame(tick);
    }
  }, [scroller, canvas, toLayout]);

  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(tick);
  }, [tick]);

  const begin = useCallback(
    (kind: Drag['kind'], client: { x: number; y: number }, target: Element | null): Drag => {
      const { ids: list, selection: sel } = latest.current;
      const cell = target?.closest<HTMLElement>('[data-index]');
      const anchor = cell ? Number(cell.dataset.index) : -1;
      const onSelected = anchor >= 0 && sel.selected.has(list[anchor] ?? '');
      return { kind, start: toLayout(client), client, base: new Set(sel.selected), mode: onSelected ? 'remove' : 'add', anchor, active: false, lastKey: '\0' };
    },
    [toLayout],
  );

  const finish = useCallback(() => {
    const d = drag.current;
    drag.current = null;
    cancelAnimationFrame(frame.current);
    frame.current = 0;
    setLasso(null);
    canvas.current?.classList.remove('tl-dragging');
    if (d?.active) {
      swallowClick.current = true;
      // The click (if any) follows the release at once; after that, clicks are clicks again.
      setTimeout(() => (swallowClick.current = false), d.kind === 'touch' ? 400 : 0);
    }
  }, [canvas]);

  const onPointerDown = useCallback(
    (e: ReactPointerEvent<HTMLDivElement>) => {
      const el = scroller.current;
      const target = e.target as Element;
      if (e.pointerType !== 'mouse' || e.button !== 0 || !el || !canvas.current || target.closest('button')) return;
      // The grid and the scroller's margins start a drag; its scrollbar, an empty or error message do not.
      if (target !== el && !canvas.current.contains(target)) return;
      if (e.clientX >= el.getBoundingClientRect().left + el.clientLeft + el.clientWidth) return;
      swallowClick.current = false;
      const d = begin('mouse', { x: e.clientX, y: e.clientY }, e.target as Element);
      drag.current = d;
      const move = (ev: PointerEvent) => {
        d.client = { x: ev.clientX, y: ev.clientY };
        if (!d.active && Math.hypot(ev.clientX - e.clientX, ev.clientY - e.clientY) >= DRAG_THRESHOLD) {
          d.active = true;
          canvas.current?.classList.add('tl-dragging');
          window.getSelection()?.removeAllRanges();
        }
        if (d.active) schedule();
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        window.removeEventListener('pointercancel', up);
        if (drag.current === d) finish();
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
      window.addEventListener('pointercancel', up);
    },
    [begin, schedule, finish, scroller, canvas],
  );

  // Touch uses touch events: only a non-passive touchmove can stop the page from scrolling once the drag has begun.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: { d: Drag; x: number; y: number } | null = null;
    const cancelPress = () => {
      clearTimeout(timer);
      pending = null;
    };
    const onStart = (e: TouchEvent) => {
      cancelPress();
      if (e.touches.length !== 1 || (e.target as Element).closest('button')) return;
      const t = e.touches[0]!;
      const d = begin('touch', { x: t.clientX, y: t.clientY }, e.target as Element);
      if (d.anchor < 0) return;
      swallowClick.current = false;
      pending = { d, x: t.clientX, y: t.clientY };
      timer = setTimeout(() => {
        if (!pending) return;
        drag.current = pending.d;
        pending.d.active = true;
        pending = null;
        canvas.current?.classList.add('tl-dragging');
        navigator.vibrate?.(10);
        tick();
      }, LONG_PRESS_MS);
    };
    const onMove = (e: TouchEvent) => {
      const t = e.touches[0];
      if (!t) return;
      if (pending && Math.hypot(t.clientX - pending.x, t.clientY - pending.y) > TOUCH_SLOP) cancelPress();
      const d = drag.current;
      if (!d || d.kind !== 'touch') return;
      e.preventDefault();
      d.client = { x: t.clientX, y: t.clientY };
      schedule();
    };
    const onEnd = () => {
      cancelPress();
      if (drag.current?.kind === 'touch') finish();
    };
    el.addEventListener('touchstart', onStart, { passive: true });
    el.addEventListener('touchmove', onMove, { passive: false });
    el.addEventListener('touchend', onEnd);
    el.addEventListener('touchcancel', onEnd);
    return () => {
      cancelPress();
      el.removeEventListener('touchstart', onStart);
      el.removeEventListener('touchmove', onMove);
      el.removeEventListener('touchend', onEnd);
      el.removeEventListener('touchcancel', onEnd);
    };
  }, [scroller, canvas, begin, tick, schedule, finish]);

  /** While the rectangle is drawn, the content scrolled by the wheel or auto-scroll moves under it: recompute. */
  const onScroll = useCallback(() => {
    if (drag.current?.active) schedule();
  }, [schedule]);

  const onClickCapture = useCallback((e: ReactMouseEvent) => {
    if (!swallowClick.current) return;
    swallowClick.current = false;
    e.preventDefault();
    e.stopPropagation();
  }, []);

  /** A long press on touch screens opens the context menu; after a long press that selected, it must not. */
  const onContextMenu = useCallback((e: ReactMouseEvent) => {
    if (drag.current?.kind === 'touch' || swallowClick.current) e.preventDefault();
  }, []);

  // Links and images would start the browser's own drag (of a URL) instead of ours.
  const onDragStart = useCallback((e: ReactMouseEvent) => e.preventDefault(), []);

  return { lasso, onPointerDown, onClickCapture, onContextMenu, onDragStart, onScroll };
}
