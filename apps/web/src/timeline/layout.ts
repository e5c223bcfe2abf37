import type { DayGroup, TimelineItem } from './group.ts';

export interface LayoutOptions {
  width: number;
  /** Height a row aims for; rows are scaled down from it to fill the width exactly. */
  targetRowHeight: number;
  gap: number;
  monthHeaderHeight: number;
  dayHeaderHeight: number;
}

export interface Tile {
  /** Index in the flat item list given to the layout. */
  index: number;
  left: number;
  width: number;
}

export type Row =
  | { kind: 'month'; top: number; height: number; month: string }
  | { kind: 'day'; top: number; height: number; day: string; first: number; count: number }
  | { kind: 'tiles'; top: number; height: number; tiles: Tile[] };

export interface Layout {
  rows: Row[];
  height: number;
  /** Top of each month's header row, for the scrubber. */
  monthTops: Map<string, number>;
}

/** Panoramas and slivers are clamped so one photo never takes a whole row or becomes a line. */
export function aspectOf(item: Pick<TimelineItem, 'width' | 'height'>): number {
  if (!item.width || !item.height) return 1;
  return Math.min(3, Math.max(0.4, item.width / item.height));
}

/**
 * Justified rows (Google Photos style): items are added to a row until, scaled to fill the width,
 * the row would be no taller than the target. A day's last row keeps the target height, left-aligned.
 * Linear in the number of items.
 */
export function layoutTimeline(groups: readonly DayGroup[], opts: LayoutOptions): Layout {
  const rows: Row[] = [];
  const monthTops = new Map<string, number>();
  const width = Math.max(1, opts.width);
  let top = 0;
  let index = 0;
  let month = '';
  for (const group of groups) {
    if (group.month !== month) {
      month = group.month;
      monthTops.set(month, top);
      rows.push({ kind: 'month', top, height: opts.monthHeaderHeight, month });
      top += opts.monthHeaderHeight;
    }
    rows.push({ kind: 'day', top, height: opts.dayHeaderHeight, day: group.day, first: index, count: group.items.length });
    top += opts.dayHeaderHeight;
    let start = 0;
    while (start < group.items.length) {
      let sum = 0;
      let end = start;
      let height = opts.targetRowHeight;
      let full = false;
      while (end < group.items.length) {
        sum += aspectOf(group.items[end]!);
        end += 1;
        const fit = (width - opts.gap * (end - start - 1)) / sum;
        if (fit <= opts.targetRowHeight) {
          height = fit;
          full = true;
          break;
        }
      }
      if (!full) height = Math.min(opts.targetRowHeight, (width - opts.gap * (end - start - 1)) / sum);
      const tiles: Tile[] = [];
      let left = 0;
      for (let i = start; i < end; i++) {
        const w = aspectOf(group.items[i]!) * height;
        tiles.push({ index: index + i, left, width: w });
        left += w + opts.gap;
      }
      rows.push({ kind: 'tiles', top, height, tiles });
      top += height + opts.gap;
      start = end;
    }
    index += group.items.length;
  }
  return { rows, height: top, monthTops };
}

/** First row whose bottom is below `y` (binary search: rows are sorted by top). */
export function rowAt(rows: readonly Row[], y: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = rows[mid]!;
    if (r.top + r.height < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows to render for a viewport, with `overscan` pixels above and below. */
export function visibleRange(rows: readonly Row[], scrollTop: number, viewport: number, overscan: number): [number, number] {
  const from = rowAt(rows, scrollTop - overscan);
  let to = from;
  const bottom = scrollTop + viewport + overscan;
  while (to < rows.length && rows[to]!.top <= bottom) to += 1;
  return [from, to];
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * Keyboard moves in the grid: from the tile `index` in row `rowIndex`, the tile to focus next and
 * its row, or null at an edge. Left/right follow the list order across rows; up/down keep the column.
 */
export function neighbourTile(rows: readonly Row[], rowIndex: number, index: number, dir: Direction): { row: number; index: number } | null {
  const row = rows[rowIndex];
  if (!row || row.kind !== 'tiles') return null;
  const step = dir === 'left' || dir === 'up' ? -1 : 1;
  if (dir === 'left' || dir === 'right') {
    const target = index + step;
    if (row.tiles.some((t) => t.index === target)) return { row: rowIndex, index: target };
    for (let r = rowIndex + step; r >= 0 && r < rows.length; r += step) {
      const other = rows[r]!;
      if (other.kind === 'tiles') return other.tiles.some((t) => t.index === target) ? { row: r, index: target } : null;
    }
    return null;
  }
  const from = row.tiles.find((t) => t.index === index);
  if (!from) return null;
  const centre = from.left + from.width / 2;
  for (let r = rowIndex + step; r >= 0 && r < rows.length; r += step) {
    const other = rows[r]!;
    if (other.kind !== 'tiles') continue;
    let best = other.tiles[0]!;
    for (const t of other.tiles) if (Math.abs(t.left + t.width / 2 - centre) < Math.abs(best.left + best.width / 2 - centre)) best = t;
    return { row: r, index: best.index };
  }
  return null;
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Indexes of the tiles a rectangle (in layout coordinates) overlaps, in list order. Only the rows the
 * rectangle spans are visited (binary search for the first), so a drag costs the same in a 100k library.
 */
export function tilesInRect(rows: readonly Row[], rect: Rect): number[] {
  const hits: number[] = [];
  for (let r = rowAt(rows, rect.top); r < rows.length; r++) {
    const row = rows[r]!;
    if (row.top > rect.bottom) break;
    if (row.kind !== 'tiles' || row.top + row.height < rect.top) continue;
    for (const t of row.tiles) if (t.left <= rect.right && t.left + t.width >= rect.left) hits.push(t.index);
  }
  return hits;
}

/**
 * The tile under a point, or the nearest one in reading order: in a gap or a date header it is the
 * next photo below, past a row's end the last one of that row. Null when there is no tile at all.
 */
export function tileNear(rows: readonly Row[], x: number, y: number): number | null {
  let r = rowAt(rows, y);
  while (r < rows.length && rows[r]!.kind !== 'tiles') r += 1;
  // Below the last photo: the last tile of the list.
  if (r >= rows.length) {
    for (let k = rows.length - 1; k >= 0; k--) {
      const row = rows[k]!;
      if (row.kind === 'tiles') return row.tiles.at(-1)!.index;
    }
    return null;
  }
  const row = rows[r] as Extract<Row, { kind: 'tiles' }>;
  // A point above this row (in a header) belongs to its first tile.
  if (y < row.top) return row.tiles[0]!.index;
  for (const t of row.tiles) if (x < t.left + t.width) return t.index;
  return row.tiles.at(-1)!.index;
}
