// Timeline layout at library scale: our grouping + justified rows, next to Flickr's justified-layout
// (the peer, run per day the same way) and a bare loop over the aspect ratios (the ceiling).
// Run: npm run bench -w @photocloud/web
import { createRequire } from 'node:module';
import { groupByDay, type TimelineItem } from '../src/timeline/group.ts';
import { aspectOf, layoutTimeline, visibleRange } from '../src/timeline/layout.ts';

type Peer = (ratios: number[], config: Record<string, unknown>) => { containerHeight: number; boxes: unknown[] };
const justifiedLayout = createRequire(import.meta.url)('justified-layout') as Peer;

const OPTS = { width: 1200, targetRowHeight: 220, gap: 4, monthHeaderHeight: 64, dayHeaderHeight: 44 };
const SIZES: Array<[number, number]> = [[4000, 3000], [3000, 4000], [1920, 1080], [1080, 1920], [6000, 2000], [3000, 3000]];

function library(n: number): TimelineItem[] {
  const start = Date.UTC(2026, 10, 24, 12);
  return Array.from({ length: n }, (_, i) => {
    const [width, height] = SIZES[(i * 7) % SIZES.length]!;
    return { id: `m${i}`, takenAt: new Date(start - Math.floor(i / 9) * 86_400_000 - (i % 9) * 60_000).toISOString(), width, height };
  });
}

function median(fn: () => void, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const rows: string[][] = [];
for (const n of [10_000, 100_000]) {
  const items = library(n);
  const groups = groupByDay(items, 0);
  let sink = 0;
  const ceiling = median(() => {
    // Only the arithmetic every justified layout must do: sum ratios, break rows at the target height.
    for (const g of groups) {
      let sum = 0;
      let count = 0;
      for (const it of g.items) {
        sum += aspectOf(it);
        count += 1;
        if ((OPTS.width - OPTS.gap * (count - 1)) / sum <= OPTS.targetRowHeight) {
          sink += sum;
          sum = 0;
          count = 0;
        }
      }
    }
  });
  const full = median(() => {
    // What a page append costs: the whole list regrouped by day and laid out again.
    sink += layoutTimeline(groupByDay(items, 0), OPTS).rows.length;
  });
  const layoutOnly = median(() => {
    sink += layoutTimeline(groups, OPTS).rows.length;
  });
  const peer = median(() => {
    for (const g of groups) {
      const out = justifiedLayout(g.items.map(aspectOf), { containerWidth: OPTS.width, containerPadding: 0, boxSpacing: OPTS.gap, targetRowHeight: OPTS.targetRowHeight });
      sink += out.containerHeight;
    }
  });
  const layout = layoutTimeline(groups, OPTS);
  const visible = median(() => {
    for (let k = 0; k < 1000; k++) sink += visibleRange(layout.rows, (k / 1000) * layout.height, 800, 800)[1];
  }) / 1000;
  if (sink === 42) process.stdout.write('');
  rows.push([n.toLocaleString('en'), ceiling.toFixed(1), full.toFixed(1), layoutOnly.toFixed(1), peer.toFixed(1), (visible * 1000).toFixed(2)]);
}

const head = ['items', 'ceiling ms', 'ours group+layout ms', 'ours layout ms', 'justified-layout ms', 'visible rows µs'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' | ');
process.stdout.write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`);
process.stdout.write('median of 7 runs; ceiling: ratio sums and row breaks only; peer: Flickr justified-layout run per day (layout only); visible rows: one viewport lookup.\n');
