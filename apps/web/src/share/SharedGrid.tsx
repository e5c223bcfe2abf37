import { useEffect, useRef } from 'react';
import type { SharedItem } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { placeholderOf } from '../lib/thumbs.ts';

/** The shared photos as a square grid (like an album seen from a link); a click opens the lightbox. */
export function SharedGrid({ items, onOpen, hasMore, onMore }: { items: SharedItem[]; onOpen(index: number): void; hasMore: boolean; onMore(): void }) {
  const { t, formatDate } = useI18n();
  const sentinel = useRef<HTMLDivElement>(null);

  // The next page loads as the end of the grid comes near.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onMore(), { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, onMore]);

  return (
    <>
      <ul className="shared-grid">
        {items.map((item, i) => {
          const bg = placeholderOf(item.thumbhash);
          const label = t('timeline.photo', { name: item.name, date: formatDate(item.takenAt, { dateStyle: 'medium' }) });
          return (
            <li key={item.id}>
              <button type="button" className="shared-tile" onClick={() => onOpen(i)} aria-label={label} style={bg ? { backgroundImage: `url(${bg})` } : undefined}>
                {item.thumbUrl ? <img src={item.thumbUrl} alt="" loading="lazy" decoding="async" /> : <span className="shared-tile-note">{t('share.processing')}</span>}
                {item.kind === 'video' ? (
                  <span className="tile-badge" aria-hidden="true">
                    ▶
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {hasMore ? (
        <div ref={sentinel} className="shared-more">
          <button type="button" className="btn btn-outline" onClick={onMore}>
            <Icon name="add" size={20} />
            {t('share.more')}
          </button>
        </div>
      ) : null}
    </>
  );
}
