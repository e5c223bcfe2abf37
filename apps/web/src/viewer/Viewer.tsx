import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import type { MediaDetail } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { navigate } from '../lib/router.tsx';
import { neighbours, notifyLibraryChange } from '../lib/events.ts';
import { forgetDetail, loadDetail, placeholderOf } from '../lib/thumbs.ts';
import { errorText } from '../lib/errors.ts';
import { InfoPanel } from './InfoPanel.tsx';
import { AlbumPicker } from '../components/AlbumPicker.tsx';

/** Full-screen photo: ←/→ to step through the list it was opened from, Esc to close. */
export function Viewer({ id }: { id: string }) {
  const { t } = useI18n();
  const [media, setMedia] = useState<MediaDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState(() => window.innerWidth >= 1100);
  const [shown, setShown] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  /** Double-click (or double-tap) zooms 2.5× around the point, again to zoom out. */
  const [zoom, setZoom] = useState<{ x: number; y: number } | null>(null);
  useEffect(() => setZoom(null), [id]);
  const { prev, next } = neighbours(id);

  useEffect(() => {
    let live = true;
    setError(null);
    loadDetail(id).then(
      (d) => live && setMedia(d),
      (err: unknown) => live && setError(errorText(err, t)),
    );
    return () => {
      live = false;
    };
  }, [id, t]);

  const go = useCallback((to: string | undefined) => to && navigate(`/photo/${encodeURIComponent(to)}`, { replace: true }), []);
  const close = useCallback(() => (history.length > 1 ? history.back() : navigate('/')), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog on top (add to album) handles its own keys.
      if (picking || e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === 'ArrowLeft') go(prev);
      else if (e.key === 'ArrowRight') go(next);
      else if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prev, next, go, close, picking]);

  const toggleFavorite = async () => {
    if (!media) return;
    const updated = await api.media.update(media.id, { isFavorite: !media.isFavorite });
    forgetDetail(media.id);
    setMedia({ ...media, ...updated });
    notifyLibraryChange();
  };

  const remove = async () => {
    if (!media) return;
    await api.media.remove(media.id);
    forgetDetail(media.id);
    notifyLibraryChange();
    if (next ?? prev) go(next ?? prev);
    else close();
  };

  // Swipe left / right on touch screens.
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'touch') swipe.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const start = swipe.current;
    swipe.current = null;
    if (!start || zoom) return;
    const dx = e.clientX - start.x;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(e.clientY - start.y)) go(dx < 0 ? next : prev);
  };

  const src = media ? (media.urls.preview ?? (media.status === 'ready' && media.kind === 'photo' ? media.urls.original : null)) : null;
  const placeholder = media ? placeholderOf(media.thumbhash) : undefined;

  return (
    <div className="viewer" role="dialog" aria-modal="true" aria-label={media?.name ?? t('common.loading')}>
      <div className="viewer-body">
        <div className="viewer-stage" onPointerDown={onPointerDown} onPointerUp={onPointerUp} style={placeholder && shown !== src ? { backgroundImage: `url(${placeholder})` } : undefined}>
          <div className="viewer-bar">
            <button type="button" className="icon-btn" onClick={close} aria-label={t('viewer.close')} autoFocus>
              <Icon name="close" />
            </button>
            <span className="spacer" />
            {media ? (
              <>
                <button type="button" className="icon-btn" onClick={() => void toggleFavorite()} aria-pressed={media.isFavorite} aria-label={media.isFavorite ? t('viewer.unfavorite') : t('viewer.favorite')} title={media.isFavorite ? t('viewer.unfavorite') : t('viewer.favorite')}>
                  <Icon name={media.isFavorite ? 'star' : 'starOutline'} />
                </button>
                <a className="icon-btn" href={media.urls.original} download={media.name} target="_blank" rel="noreferrer" aria-label={t('viewer.download')} title={t('viewer.download')}>
                  <Icon name="download" />
                </a>
                <button type="button" className="icon-btn" onClick={() => setPicking(true)} aria-label={t('selection.addToAlbum')} title={t('selection.addToAlbum')}>
              <Icon name="add" />
            </button>
            <button type="button" className="icon-btn" onClick={() => setInfo(!info)} aria-pressed={info} aria-label={t('viewer.info')} title={t('viewer.info')}>
                  <Icon name="info" />
                </button>
                <button type="button" className="icon-btn" onClick={() => void remove()} aria-label={t('viewer.delete')} title={t('viewer.delete')}>
                  <Icon name="trash" />
                </button>
              </>
            ) : null}
          </div>
          {error ? <p className="form-error">{error}</p> : null}
          {media && media.kind === 'video' && media.status === 'ready' ? (
            <video src={media.urls.original} poster={media.urls.preview ?? undefined} controls aria-label={media.name} />
          ) : src ? (
            <img
              key={src}
              src={src}
              alt={media?.description ?? media?.name ?? ''}
              onLoad={() => setShown(src)}
              className={zoom ? 'zoomed' : undefined}
              style={zoom ? { transformOrigin: `${zoom.x}% ${zoom.y}%` } : undefined}
              onDoubleClick={(e) => {
                const r = e.currentTarget.getBoundingClientRect();
                setZoom(zoom ? null : { x: ((e.clientX - r.left) / r.width) * 100, y: ((e.clientY - r.top) / r.height) * 100 });
              }}
            />
          ) : media ? (
            <p className="viewer-note">{t('viewer.processing')}</p>
          ) : null}
          {prev ? (
            <button type="button" className="viewer-nav prev" onClick={() => go(prev)} aria-label={t('viewer.previous')}>
              <Icon name="left" size={32} />
            </button>
          ) : null}
          {next ? (
            <button type="button" className="viewer-nav next" onClick={() => go(next)} aria-label={t('viewer.next')}>
              <Icon name="right" size={32} />
            </button>
          ) : null}
        </div>
        {info && media ? <InfoPanel media={media} onClose={() => setInfo(false)} /> : null}
        {picking && media ? <AlbumPicker mediaIds={[media.id]} onClose={() => setPicking(false)} /> : null}
      </div>
    </div>
  );
}
