import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { notifyLibraryChange } from '../lib/events.ts';
import { forgetDetail } from '../lib/thumbs.ts';
import type { Selection } from '../timeline/selection.ts';
import { AlbumPicker } from './AlbumPicker.tsx';
import { ShareDialog } from '../share/ShareDialog.tsx';
import { useTopBarCover } from './Shell.tsx';

type Action = 'album' | 'share' | 'favorite' | 'removeFromAlbum' | 'delete';

/**
 * Takes the top bar's place while items are selected (close, count, what can be done with them),
 * drawn over it rather than above the grid so the photos under the pointer never move. Escape clears.
 */
/** `albumId`: the album page's own album, for "Remove from album" (the photos stay in the library). */
export function SelectionBar({ selection, actions = ['album', 'share', 'favorite', 'delete'], albumId }: { selection: Selection; actions?: Action[]; albumId?: string }) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [busy, setBusy] = useState(false);
  const { host, setCovered } = useTopBarCover();
  const ids = [...selection.selected];
  const active = ids.length > 0;
  const { clear } = selection;

  useEffect(() => {
    if (!active) return;
    setCovered(true);
    return () => setCovered(false);
  }, [active, setCovered]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      // An open dialog (album picker, share) takes Escape for itself.
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      clear();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, clear]);

  if (!active) return null;

  const each = async (fn: (id: string) => Promise<unknown>) => {
    setBusy(true);
    try {
      await Promise.allSettled(ids.map((id) => fn(id).finally(() => forgetDetail(id))));
      selection.clear();
      notifyLibraryChange();
    } finally {
      setBusy(false);
    }
  };

  const removeFromAlbum = async (id: string) => {
    setBusy(true);
    try {
      await api.albums.removeMedia(id, ids);
      selection.clear();
      notifyLibraryChange();
    } finally {
      setBusy(false);
    }
  };

  /** The close button disappears with the selection: keep keyboard focus in the page, not on the body. */
  const close = () => {
    clear();
    document.getElementById('main')?.focus();
  };

  const bar = (
    <div className="selection-bar" role="toolbar" aria-label={t('selection.count', { count: ids.length })}>
      <button type="button" className="icon-btn" onClick={close} aria-label={t('selection.clear')} title={t('selection.clear')}>
        <Icon name="close" />
      </button>
      <span className="selection-count" aria-live="polite">
        {t('selection.count', { count: ids.length })}
      </span>
      <span className="spacer" />
      {actions.includes('album') ? (
        <button type="button" className="icon-btn" disabled={busy} onClick={() => setPicking(true)} aria-label={t('selection.addToAlbum')} title={t('selection.addToAlbum')}>
          <Icon name="add" />
        </button>
      ) : null}
      {actions.includes('share') ? (
        <button type="button" className="icon-btn" disabled={busy} onClick={() => setSharing(true)} aria-label={t('share.action')} title={t('share.action')}>
          <Icon name="share" />
        </button>
      ) : null}
      {actions.includes('favorite') ? (
        <button type="button" className="icon-btn" disabled={busy} onClick={() => void each((id) => api.media.update(id, { isFavorite: true }))} aria-label={t('selection.favorite')} title={t('selection.favorite')}>
          <Icon name="starOutline" />
        </button>
      ) : null}
      {actions.includes('removeFromAlbum') && albumId ? (
        <button type="button" className="icon-btn" disabled={busy} onClick={() => void removeFromAlbum(albumId)} aria-label={t('selection.removeFromAlbum')} title={t('selection.removeFromAlbum')}>
          <Icon name="removeFromAlbum" />
        </button>
      ) : null}
      {actions.includes('delete') ? (
        <button type="button" className="icon-btn" disabled={busy} onClick={() => void each((id) => api.media.remove(id))} aria-label={t('selection.delete')} title={t('selection.delete')}>
          <Icon name="trash" />
        </button>
      ) : null}
      {picking ? (
        <AlbumPicker
          mediaIds={ids}
          onClose={(added) => {
            setPicking(false);
            if (added) selection.clear();
          }}
        />
      ) : null}
      {sharing ? (
        <ShareDialog
          target={{ mediaIds: ids }}
          onClose={(shared) => {
            setSharing(false);
            if (shared) selection.clear();
          }}
        />
      ) : null}
    </div>
  );
  // Outside the signed-in frame there is no top bar to cover: the bar sits above the content.
  return host ? createPortal(bar, host) : bar;
}
