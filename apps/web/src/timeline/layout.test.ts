import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupByDay, localDay, type TimelineItem } from './group.ts';
import { layoutTimeline, neighbourTile, rowAt, tileNear, tilesInRect, visibleRange, type Row } from './layout.ts';

const OPTS = { width: 1200, targetRowHeight: 220, gap: 4, monthHeaderHeight: 56, dayHeaderHeight: 40 };

/** A newest-first library: `n` items, a few per day, odd sizes included (portrait, panorama, unknown). */
function library(n: number): TimelineItem[] {
  const sizes: Array<[number | null, number | null]> = [[4000, 3000], [3000, 4000], [6000, 1000], [null, null], [1080, 1920], [100, 5000]];
  const start = Date.UTC(2026, 10, 24, 12);
  return Array.from({ length: n }, (_, i) => {
    const [width, height] = sizes[i % sizes.length]!;
    return { id: `m${i}`, takenAt: new Date(start - Math.floor(i / 7) * 86_400_000 - (i % 7) * 60_000).toISOString(), width, height };
  });
}

function tiles(rows: Row[]) {
  return rows.flatMap((r) => (r.kind === 'tiles' ? r.tiles.map((t) => ({ row: r, t })) : []));
}

describe('timeline layout', () => {
  it('places 100k items once each, in order, every full row exactly as wide as the container', () => {
    const items = library(100_000);
    const layout = layoutTimeline(groupByDay(items, 0), OPTS);
    const placed = tiles(layout.rows);
    assert.equal(placed.length, items.length);
    placed.forEach(({ t }, i) => assert.equal(t.index, i));
    for (const r of layout.rows) {
      if (r.kind !== 'tiles') continue;
      assert.ok(r.height <= OPTS.targetRowHeight + 1e-9, 'no row taller than the target');
      const last = r.tiles.at(-1)!;
      const right = last.left + last.width;
      assert.ok(right <= OPTS.width + 1e-6, `row overflows: ${right}`);
      if (r.height < OPTS.targetRowHeight - 1e-9) assert.ok(Math.abs(right - OPTS.width) < 1e-6, 'a shrunk row fills the width');
    }
  });

  it('stacks rows without gaps or overlaps and reports the total height', () => {
    const layout = layoutTimeline(groupByDay(library(5000), 0), OPTS);
    for (let i = 1; i < layout.rows.length; i++) {
      const prev = layout.rows[i - 1]!;
      const gap = prev.kind === 'tiles' ? OPTS.gap : 0;
      assert.ok(Math.abs(layout.rows[i]!.top - (prev.top + prev.height + gap)) < 1e-6);
    }
    const last = layout.rows.at(-1)!;
    assert.ok(Math.abs(layout.height - (last.top + last.height + OPTS.gap)) < 1e-6);
  });

  it('puts a month header before each month and a day header before each day', () => {
    const layout = layoutTimeline(groupByDay(library(210), 0), OPTS);
    const months = layout.rows.filter((r) => r.kind === 'month').map((r) => (r.kind === 'month' ? r.month : ''));
    assert.deepEqual(months, ['2026-11', '2026-10']);
    assert.equal(layout.rows.filter((r) => r.kind === 'day').length, 30);
    assert.equal(layout.monthTops.get('2026-11'), 0);
  });

  it('finds the visible rows of a 100k layout by binary search, matching a linear scan', () => {
    const layout = layoutTimeline(groupByDay(library(100_000), 0), OPTS);
    for (const scrollTop of [0, 12_345, layout.height / 2, layout.height - 800]) {
      const [from, to] = visibleRange(layout.rows, scrollTop, 800, 400);
      const expected = layout.rows.map((r, i) => [r, i] as const).filter(([r]) => r.top + r.height >= scrollTop - 400 && r.top <= scrollTop + 1200);
      assert.equal(from, expected[0]![1]);
      assert.equal(to, expected.at(-1)![1] + 1);
      assert.ok(to - from < 40, 'only a screenful of rows is rendered');
    }
    assert.equal(rowAt(layout.rows, -10), 0);
    assert.equal(rowAt(layout.rows, layout.height + 10), layout.rows.length);
  });

  it('lays out an empty library and a narrow phone screen', () => {
    assert.deepEqual(layoutTimeline([], OPTS).rows, []);
    const phone = layoutTimeline(groupByDay(library(50), 0), { ...OPTS, width: 390, targetRowHeight: 120 });
    for (const { row, t } of tiles(phone.rows)) assert.ok(t.left + t.width <= 390 + 1e-6 && row.height > 0);
  });
});

describe('keyboard moves in the grid', () => {
  const layout = layoutTimeline(groupByDay(library(60), 0), OPTS);
  const tileRows = layout.rows.map((r, i) => [r, i] as const).filter(([r]) => r.kind === 'tiles');

  it('steps left and right through the list order, across rows and days', () => {
    const [first, i0] = tileRows[0]!;
    const last = first.kind === 'tiles' ? first.tiles.at(-1)!.index : -1;
    assert.deepEqual(neighbourTile(layout.rows, i0, 0, 'right'), { row: i0, index: 1 });
    assert.equal(neighbourTile(layout.rows, i0, 0, 'left'), null);
    assert.deepEqual(neighbourTile(layout.rows, i0, last, 'right'), { row: tileRows[1]![1], index: last + 1 });
    assert.deepEqual(neighbourTile(layout.rows, tileRows[1]![1], last + 1, 'left'), { row: i0, index: last });
  });

  it('moves up and down to the nearest tile of the next tile row, skipping headers', () => {
    const [, i0] = tileRows[0]!;
    const centre = (t: { left: number; width: number }) => t.left + t.width / 2;
    const from = (layout.rows[i0] as Extract<Row, { kind: 'tiles' }>).tiles[0]!;
    const down = neighbourTile(layout.rows, i0, 0, 'down')!;
    assert.equal(down.row, tileRows[1]![1]);
    const below = (layout.rows[down.row] as Extract<Row, { kind: 'tiles' }>).tiles;
    const picked = below.find((t) => t.index === down.index)!;
    for (const t of below) assert.ok(Math.abs(centre(picked) - centre(from)) <= Math.abs(centre(t) - centre(from)));
    assert.equal(neighbourTile(layout.rows, down.row, down.index, 'up')!.row, i0);
    const [, lastRow] = tileRows.at(-1)!;
    const lastIndex = (layout.rows[lastRow] as Extract<Row, { kind: 'tiles' }>).tiles.at(-1)!.index;
    assert.equal(neighbourTile(layout.rows, lastRow, lastIndex, 'down'), null);
    assert.equal(neighbourTile(layout.rows, lastRow, lastIndex, 'right'), null);
  });
});

describe('date grouping', () => {
  it('uses the camera offset when known, else the viewer offset', () => {
    const late = { takenAt: '2026-11-23T23:30:00.000Z' };
    assert.equal(localDay({ ...late, takenAtOffset: '+02:00' }, 0), '2026-11-24');
    assert.equal(localDay({ ...late, takenAtOffset: '-05:00' }, 120), '2026-11-23');
    assert.equal(localDay({ ...late, takenAtOffset: null }, 60), '2026-11-24');
    assert.equal(localDay({ ...late, takenAtOffset: null }, -60), '2026-11-23');
  });

  it('computes calendar days across years, leap days and centuries like Date does', () => {
    for (const iso of ['1900-02-28T12:00:00Z', '1970-01-01T00:00:00Z', '2000-02-29T23:59:59Z', '2024-12-31T23:00:00Z', '2100-03-01T00:00:00Z', '1969-12-31T23:59:59Z']) {
      for (const offset of [-720, -1, 0, 1, 840]) {
        const expected = new Date(Date.parse(iso) + offset * 60_000).toISOString().slice(0, 10);
        assert.equal(localDay({ takenAt: iso }, offset), expected, `${iso} at ${offset}`);
      }
    }
  });

  it('regroups the same items when the viewer offset changes', () => {
    const items = [{ id: 'a', takenAt: '2026-11-23T23:30:00Z', width: 1, height: 1 }];
    assert.equal(groupByDay(items, 0)[0]!.day, '2026-11-23');
    assert.equal(groupByDay(items, 60)[0]!.day, '2026-11-24');
    assert.equal(groupByDay(items, 0)[0]!.day, '2026-11-23');
  });

  it('keeps the newest-first order and splits on day changes only', () => {
    const items = [
      { id: 'a', takenAt: '2026-11-24T10:00:00Z', width: 1, height: 1 },
      { id: 'b', takenAt: '2026-11-24T08:00:00Z', width: 1, height: 1 },
      { id: 'c', takenAt: '2026-10-31T08:00:00Z', width: 1, height: 1 },
    ];
    const groups = groupByDay(items, 0);
    assert.deepEqual(groups.map((g) => [g.day, g.month, g.items.map((i) => i.id).join('')]), [
      ['2026-11-24', '2026-11', 'ab'],
      ['2026-10-31', '2026-10', 'c'],
    ]);
  });
});

describe('timeline hit testing for drag selection', () => {
  const layout = layoutTimeline(groupByDay(library(5000), 0), OPTS);
  const placed = tiles(layout.rows);

  /** The same answer by brute force over every tile: the reference for the row-bounded search. */
  const bruteForce = (rect: { left: number; top: number; right: number; bottom: number }) =>
    placed
      .filter(({ row, t }) => row.top <= rect.bottom && row.top + row.height >= rect.top && t.left <= rect.right && t.left + t.width >= rect.left)
      .map(({ t }) => t.index);

  it('finds exactly the tiles a rectangle overlaps, in list order', () => {
    const first = placed[0]!;
    assert.deepEqual(tilesInRect(layout.rows, { left: first.t.left + 1, top: first.row.top + 1, right: first.t.left + 2, bottom: first.row.top + 2 }), [0]);
    for (const rect of [
      { left: 0, top: 0, right: 1200, bottom: 600 },
      { left: 300, top: 5000, right: 700, bottom: 9000 },
      { left: 1190, top: 123_456, right: 1200, bottom: 124_000 },
      { left: 0, top: layout.height - 50, right: 50, bottom: layout.height + 500 },
    ]) {
      assert.deepEqual(tilesInRect(layout.rows, rect), bruteForce(rect));
    }
  });

  it('finds nothing in a gap between tiles or inside a date header', () => {
    const day = layout.rows.find((r) => r.kind === 'day' && r.top > 1000)!;
    assert.deepEqual(tilesInRect(layout.rows, { left: 0, top: day.top + 1, right: 1200, bottom: day.top + day.height - 1 }), []);
    const row = layout.rows.find((r): r is Extract<Row, { kind: 'tiles' }> => r.kind === 'tiles' && r.tiles.length > 1)!;
    const gapX = row.tiles[0]!.left + row.tiles[0]!.width + OPTS.gap / 2;
    assert.deepEqual(tilesInRect(layout.rows, { left: gapX - 0.5, top: row.top + 5, right: gapX + 0.5, bottom: row.top + 10 }), []);
  });

  it('takes the nearest tile in reading order for a point (touch drag end)', () => {
    const row = layout.rows.find((r): r is Extract<Row, { kind: 'tiles' }> => r.kind === 'tiles' && r.tiles.length > 2 && r.top > 2000)!;
    const mid = row.tiles[1]!;
    assert.equal(tileNear(layout.rows, mid.left + mid.width / 2, row.top + row.height / 2), mid.index);
    assert.equal(tileNear(layout.rows, 5000, row.top + 1), row.tiles.at(-1)!.index, 'past the row end: its last tile');
    const day = layout.rows.findIndex((r) => r.kind === 'day' && r.top > 2000);
    const below = layout.rows.slice(day).find((r): r is Extract<Row, { kind: 'tiles' }> => r.kind === 'tiles')!;
    assert.equal(tileNear(layout.rows, 600, layout.rows[day]!.top + 2), below.tiles[0]!.index, 'in a header: the first photo below');
    assert.equal(tileNear(layout.rows, 10, layout.height + 1000), 4999, 'below everything: the last photo');
    assert.equal(tileNear([], 0, 0), null);
  });
});
