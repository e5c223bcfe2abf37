import { useState } from 'react';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { notifyLibraryChange } from '../lib/events.ts';
import { forgetDetail } from '../lib/thumbs.ts';
import type { Selection } from '../timeline/selection.ts';
import { AlbumPicker } from './AlbumPicker.tsx';
import { ShareDialog } from '../share/ShareDialog.tsx';

/** Replaces the page header while items are selected: what can be done with them. */
type Action = 'album' | 'share' | 'favorite' | 'delete';

export function SelectionBar({ selection, actions = ['album', 'share', 'favorite', 'delete'] }: { selection: Selection; actions?: Action[] }) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [busy, setBusy] = useState(false);
  const ids = [...selection.selected];
  if (ids.length === 0) return null;

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

  return (
    <div className="selection-bar" role="toolbar" aria-label={t('selection.count', { count: ids.length })}>
      <button type="button" className="icon-btn" onClick={selection.clear} aria-label={t('selection.clear')}>
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
}
