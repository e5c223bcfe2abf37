import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Media } from '@photocloud/contracts';
import { groupByDay } from './group.ts';
import { layoutTimeline, neighbourTile, visibleRange, type Direction, type Row } from './layout.ts';
import type { Selection } from './selection.ts';
import type { TimelineState } from './useTimeline.ts';
import { Tile } from './Tile.tsx';
import { Scrubber } from './Scrubber.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { navigate } from '../lib/router.tsx';
import { setViewerSequence } from '../lib/events.ts';
import { Icon } from '../lib/icons.tsx';
import { errorText } from '../lib/errors.ts';
import { useDragSelect } from './useDragSelect.ts';
import './timeline.css';

const OVERSCAN = 800;

function sizes(width: number) {
  const phone = width < 600;
  return { width, targetRowHeight: phone ? 120 : 220, gap: phone ? 2 : 4, monthHeaderHeight: phone ? 56 : 64, dayHeaderHeight: phone ? 36 : 44 };
}

/**
 * The justified, virtualised photo grid: only rows within a screen of the viewport are in the DOM,
 * so a 100k library costs a few dozen elements. Nearing the end loads the next page.
 */
export function Timeline({ state, selection, empty, scrubber = true }: { state: TimelineState; selection: Selection; empty: ReactNode; scrubber?: boolean }) {
  const { t, formatDate } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const ids = useMemo(() => state.items.map((m) => m.id), [state.items]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const cs = getComputedStyle(el);
      const padding = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
      setWidth(el.clientWidth - padding - (scrubber && el.clientWidth >= 600 ? 48 : 0));
      setViewport({ top: el.scrollTop, height: el.clientHeight });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [scrubber]);

  const offset = useMemo(() => -new Date().getTimezoneOffset(), []);
  const layout = useMemo(() => layoutTimeline(groupByDay(state.items, offset), sizes(width)), [state.items, width, offset]);
  const [from, to] = visibleRange(layout.rows, viewport.top, viewport.height, OVERSCAN);
  const latest = useRef(layout);
  latest.current = layout;

  useEffect(() => {
    if (!state.done && !state.loading && to >= layout.rows.length - 2) void state.loadMore();
  }, [to, layout.rows.length, state]);

  useEffect(() => setViewerSequence(ids), [ids]);
  const drag = useDragSelect({ scroller, canvas, layout, ids, selection });

  const onScroll = () => {
    drag.onScroll();
    const el = scroller.current;
    if (el) requestAnimationFrame(() => setViewport({ top: el.scrollTop, height: el.clientHeight }));
  };

  const jump = async (month: string) => {
    await state.loadUntil(month);
    // The month's header may not be rendered (virtualised): take its position from the layout, a frame
    // later so the layout includes the pages just loaded.
    requestAnimationFrame(() => {
      const top = latest.current.monthTops.get(month);
      if (top !== undefined) scroller.current?.scrollTo({ top });
    });
  };

  const KEYS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
  /** Arrow keys move the focus between photos; the target row is scrolled into view first (it may not be rendered yet). */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const dir = KEYS[e.key];
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!dir || !cell) return;
    const next = neighbourTile(layout.rows, Number(cell.dataset.row), Number(cell.dataset.index), dir);
    if (!next) return;
    e.preventDefault();
    const el = scroller.current!;
    const row = layout.rows[next.row]!;
    if (row.top < el.scrollTop) el.scrollTop = row.top - 8;
    else if (row.top + row.height > el.scrollTop + el.clientHeight) el.scrollTop = row.top + row.height - el.clientHeight + 8;
    requestAnimationFrame(() => requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${next.index}"] a`)?.focus()));
  };

  const open = (m: Media) => navigate(`/photo/${encodeURIComponent(m.id)}`);
  const selecting = selection.selected.size > 0;

  const renderRow = (row: Row, i: number) => {
    const style = { top: row.top, height: row.height };
    if (row.kind === 'month') {
      return (
        <h2 key={`m${row.month}`} className="tl-month" style={style} data-month={row.month}>
          {formatDate(`${row.month}-15T12:00:00Z`, { month: 'long', year: 'numeric' })}
        </h2>
      );
    }
    if (row.kind === 'day') {
      const dayIds = ids.slice(row.first, row.first + row.count);
      const all = dayIds.every((id) => selection.selected.has(id));
      const label = formatDate(`${row.day}T12:00:00Z`, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
      return (
        <div key={`d${row.day}`} className="tl-day" style={style}>
          <button type="button" className={all && selecting ? 'day-check on' : 'day-check'} aria-pressed={all && selecting} aria-label={t('timeline.selectDay', { day: label })} onClick={() => selection.setMany(dayIds, !all)}>
            <Icon name="check" size={16} />
          </button>
          <h3>{label}</h3>
        </div>
      );
    }
    return (
      <div key={`r${i}`} className="tl-row" style={style}>
        {row.tiles.map((tile) => {
          const m = state.items[tile.index]!;
          return (
            <Tile
              key={m.id}
              index={tile.index}
              row={i}
              media={m}
              left={tile.left}
              width={tile.width}
              height={row.height}
              selected={selection.selected.has(m.id)}
              selecting={selecting}
              onOpen={(e) => (selecting || e.shiftKey ? selection.toggle(ids, tile.index, e.shiftKey) : open(m))}
              onToggle={(e) => selection.toggle(ids, tile.index, e.shiftKey)}
            />
          );
        })}
      </div>
    );
  };

  return (
    <div className="tl-wrap">
      <div
        className="tl-scroller"
        ref={scroller}
        onScroll={onScroll}
        onPointerDown={drag.onPointerDown}
        onClickCapture={drag.onClickCapture}
        onContextMenu={drag.onContextMenu}
        onDragStart={drag.onDragStart}
      >
        {state.items.length === 0 && !state.loading && !state.error ? (
          <div className="empty">{empty}</div>
        ) : (
          <div
            ref={canvas}
            className={selecting ? 'tl-canvas selecting-all' : 'tl-canvas'}
            style={{ height: layout.height, width }}
            onKeyDown={onKeyDown}
          >
            {layout.rows.slice(from, to).map((row, k) => renderRow(row, from + k))}
            {drag.lasso ? <div className="tl-lasso" aria-hidden="true" style={{ left: drag.lasso.left, top: drag.lasso.top, width: drag.lasso.right - drag.lasso.left, height: drag.lasso.bottom - drag.lasso.top }} /> : null}
          </div>
        )}
        {state.loading ? <div className="tl-loading spinner" role="status" aria-label={t('common.loading')} /> : null}
        {state.error ? (
          <div className="empty" role="alert">
            <p>{errorText(state.error, t)}</p>
            <button type="button" className="btn btn-outline" onClick={state.reload}>
              {t('common.retry')}
            </button>
          </div>
        ) : null}
      </div>
      {scrubber && state.buckets.length > 1 ? <Scrubber buckets={state.buckets} onJump={(m) => void jump(m)} /> : null}
    </div>
  );
}
