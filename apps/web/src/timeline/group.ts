/** What the timeline needs of a media to place it. */
export interface TimelineItem {
  id: string;
  takenAt: string;
  /** `+02:00` when the camera recorded its offset; the day is then the one on the camera's clock. */
  takenAtOffset?: string | null;
  width: number | null;
  height: number | null;
}

export interface DayGroup<T extends TimelineItem = TimelineItem> {
  /** `YYYY-MM-DD` on the local clock of the photo (or of the viewer when unknown). */
  day: string;
  /** `YYYY-MM`. */
  month: string;
  items: T[];
}

function offsetMinutes(offset: string | null | undefined): number | null {
  const m = offset ? /^([+-])(\d{2}):?(\d{2})$/.exec(offset) : null;
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * The calendar day of an item: on the camera's clock when its offset is known, else at the viewer's
 * offset (`fallbackOffset`, minutes east of UTC, e.g. `-new Date().getTimezoneOffset()`).
 */
export function localDay(item: Pick<TimelineItem, 'takenAt' | 'takenAtOffset'>, fallbackOffset: number): string {
  const offset = offsetMinutes(item.takenAtOffset) ?? fallbackOffset;
  const t = Date.parse(item.takenAt);
  if (Number.isNaN(t)) return '0000-01-01';
  return new Date(t + offset * 60_000).toISOString().slice(0, 10);
}

/** Days already worked out, per item object: paging appends to the list, so regrouping only pays for the new page. */
const dayCache = new WeakMap<object, { offset: number; day: string }>();

function cachedDay(item: TimelineItem, fallbackOffset: number): string {
  const hit = dayCache.get(item);
  if (hit && hit.offset === fallbackOffset) return hit.day;
  const day = localDay(item, fallbackOffset);
  dayCache.set(item, { offset: fallbackOffset, day });
  return day;
}

/**
 * Groups a newest-first list into days, keeping the order. Consecutive items of the same day share a
 * group; a page boundary never splits a day because callers regroup the whole list.
 */
export function groupByDay<T extends TimelineItem>(items: readonly T[], fallbackOffset: number): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  let current: DayGroup<T> | undefined;
  for (const item of items) {
    const day = cachedDay(item, fallbackOffset);
    if (!current || current.day !== day) {
      current = { day, month: day.slice(0, 7), items: [] };
      groups.push(current);
    }
    current.items.push(item);
  }
  return groups;
}
