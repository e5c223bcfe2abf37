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

const DAY_MS = 86_400_000;
let lastDayNumber = NaN;
let lastDay = '';

/** `YYYY-MM-DD` of a day count since 1970-01-01 (Hinnant's civil-from-days: no Date object per photo). */
function civil(dayNumber: number): string {
  if (dayNumber === lastDayNumber) return lastDay;
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  lastDayNumber = dayNumber;
  lastDay = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
  return lastDay;
}

/**
 * The calendar day of an item: on the camera's clock when its offset is known, else at the viewer's
 * offset (`fallbackOffset`, minutes east of UTC, e.g. `-new Date().getTimezoneOffset()`).
 */
export function localDay(item: Pick<TimelineItem, 'takenAt' | 'takenAtOffset'>, fallbackOffset: number): string {
  const offset = offsetMinutes(item.takenAtOffset) ?? fallbackOffset;
  const t = Date.parse(item.takenAt);
  if (Number.isNaN(t)) return '0000-01-01';
  return civil(Math.floor((t + offset * 60_000) / DAY_MS));
}

/**
 * Groups a newest-first list into days, keeping the order. Consecutive items of the same day share a
 * group; a page boundary never splits a day because callers regroup the whole list.
 */
export function groupByDay<T extends TimelineItem>(items: readonly T[], fallbackOffset: number): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  let current: DayGroup<T> | undefined;
  for (const item of items) {
    const day = localDay(item, fallbackOffset);
    if (!current || current.day !== day) {
      current = { day, month: day.slice(0, 7), items: [] };
      groups.push(current);
    }
    current.items.push(item);
  }
  return groups;
}
