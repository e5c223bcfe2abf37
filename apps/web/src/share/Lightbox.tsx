import { useEffect, useRef, type PointerEvent } from 'react';
import type { SharedItem } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { placeholderOf } from '../lib/thumbs.ts';

/** One shared photo full screen (the app viewer's look): ←/→ or a swipe to step, Esc to close. */
export function Lightbox({ items, index, onIndex, onClose, onDownload }: { items: SharedItem[]; index: number; onIndex(i: number): void; onClose(): void; onDownload?: ((item: SharedItem) => void) | undefined }) {
  const { t } = useI18n();
  const item = items[index];
  const prev = index > 0 ? index - 1 : null;
  const next = index < items.length - 1 ? index + 1 : null;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowLeft' && prev !== null) onIndex(prev);
      else if (e.key === 'ArrowRight' && next !== null) onIndex(next);
      else if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prev, next, onIndex, onClose]);

  // Focus comes back to where it was (the tile) when the lightbox closes.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    return () => before?.focus();
  }, []);

  const swipe = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'touch') swipe.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: PointerEvent) => {
    const start = swipe.current;
    swipe.current = null;
    if (!start) return;
    const dx = e.clientX - start.x;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(e.clientY - start.y)) {
      const to = dx < 0 ? next : prev;
      if (to !== null) onIndex(to);
    }
  };

  if (!item) return null;
  const src = item.previewUrl ?? item.thumbUrl;
  const placeholder = placeholderOf(item.thumbhash);
  return (
    <div className="viewer" role="dialog" aria-modal="true" aria-label={item.name}>
      <div className="viewer-body">
        <div className="viewer-stage" onPointerDown={onPointerDown} onPointerUp={onPointerUp} style={placeholder ? { backgroundImage: `url(${placeholder})` } : undefined}>
          <div className="viewer-bar">
            <button type="button" className="icon-btn" onClick={onClose} aria-label={t('share.close')} autoFocus>
              <Icon name="close" />
            </button>
            <span className="lightbox-count">{t('share.photoOf', { index: index + 1, count: items.length })}</span>
            <span className="spacer" />
            {onDownload && item.originalUrl ? (
              <button type="button" className="icon-btn" onClick={() => onDownload(item)} aria-label={`${t('share.downloadOne')} ${item.name}`} title={t('share.downloadOne')}>
                <Icon name="download" />
              </button>
            ) : null}
          </div>
          {item.kind === 'video' && item.originalUrl && /^https?:/.test(item.originalUrl) ? (
            <video key={item.id} src={item.originalUrl} poster={item.previewUrl ?? undefined} controls aria-label={item.name} />
          ) : src ? (
            <img key={item.id} src={src} alt={item.name} />
          ) : (
            <p className="viewer-note">{item.kind === 'video' ? t('share.video') : t('share.processing')}</p>
          )}
          {prev !== null ? (
            <button type="button" className="viewer-nav prev" onClick={() => onIndex(prev)} aria-label={t('share.previous')}>
              <Icon name="left" size={32} />
            </button>
          ) : null}
          {next !== null ? (
            <button type="button" className="viewer-nav next" onClick={() => onIndex(next)} aria-label={t('share.next')}>
              <Icon name="right" size={32} />
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
