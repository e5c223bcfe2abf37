import type { MonthBucket } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';

/**
 * The date rail on the right: one mark per month, spaced by how many photos it holds, labelled by
 * year. Each mark is a button, so it works from the keyboard too.
 */
export function Scrubber({ buckets, onJump }: { buckets: MonthBucket[]; onJump(month: string): void }) {
  const { t, formatDate } = useI18n();
  const total = buckets.reduce((s, b) => s + Math.max(1, b.count), 0);
  let acc = 0;
  let lastYear = '';
  return (
    <nav className="scrubber" aria-label={t('timeline.scrubber')}>
      {buckets.map((b) => {
        const top = (acc / total) * 100;
        acc += Math.max(1, b.count);
        const year = b.month.slice(0, 4);
        const showYear = year !== lastYear;
        lastYear = year;
        const label = formatDate(`${b.month}-15T12:00:00Z`, { month: 'long', year: 'numeric' });
        return (
          <button key={b.month} type="button" className="scrub-mark" style={{ top: `${top}%` }} title={label} aria-label={label} onClick={() => onJump(b.month)}>
            {showYear ? <span className="scrub-year">{year}</span> : <span className="scrub-dot" />}
          </button>
        );
      })}
    </nav>
  );
}
