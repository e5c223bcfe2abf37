import { useEffect, useState } from 'react';
import type { Album } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { Icon } from '../lib/icons.tsx';
import { onLibraryChange } from '../lib/events.ts';
import { Timeline } from '../timeline/Timeline.tsx';
import { useTimeline } from '../timeline/useTimeline.ts';
import { useSelection } from '../timeline/selection.ts';
import { SelectionBar } from '../components/SelectionBar.tsx';
import { FormError } from '../components/AuthLayout.tsx';
import { NameDialog } from '../components/NameDialog.tsx';
import { ShareDialog } from '../share/ShareDialog.tsx';

export function AlbumPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [album, setAlbum] = useState<Album | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [sharing, setSharing] = useState(false);
  const state = useTimeline({ albumId: id });
  const selection = useSelection();

  useEffect(() => {
    const load = () => api.albums.get(id).then(setAlbum, (err: unknown) => setError(errorText(err, t)));
    void load();
    return onLibraryChange(() => void load());
  }, [id, t]);

  const remove = async () => {
    if (!album || !confirm(t('albums.deleteConfirm', { name: album.name }))) return;
    try {
      await api.albums.remove(album.id);
      navigate('/albums', { replace: true });
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  return (
    <div className="page page-full">
      <div className="page-head album-head">
        <Link href="/albums" className="icon-btn" aria-label={t('common.back')}>
          <Icon name="left" />
        </Link>
        <div className="album-title">
          <h1>{album?.name ?? '…'}</h1>
          {album ? <small>{t('albums.count', { count: album.mediaCount })}</small> : null}
        </div>
        <span className="spacer" />
        {album ? (
          <>
            <button type="button" className="btn btn-text" onClick={() => setSharing(true)} aria-label={t('share.action')}>
              <Icon name="share" />
              <span className="hide-narrow">{t('share.action')}</span>
            </button>
            <button type="button" className="icon-btn" onClick={() => setRenaming(true)} aria-label={t('albums.rename')} title={t('albums.rename')}>
              <Icon name="edit" />
            </button>
            <button type="button" className="icon-btn" onClick={() => void remove()} aria-label={t('albums.delete')} title={t('albums.delete')}>
              <Icon name="trash" />
            </button>
          </>
        ) : null}
      </div>
      <FormError message={error} />
      <SelectionBar selection={selection} actions={['share', 'favorite', 'removeFromAlbum', 'delete']} albumId={id} />
      <Timeline state={state} selection={selection} scrubber={false} empty={<p>{t('albums.albumEmpty')}</p>} />
      {renaming && album ? (
        <NameDialog title={t('albums.rename')} label={t('albums.name')} maxLength={200} initial={album.name} onClose={() => setRenaming(false)} onSave={async (name) => setAlbum(await api.albums.update(album.id, { name }))} />
      ) : null}
      {sharing && album ? <ShareDialog target={{ albumId: album.id, name: album.name }} onClose={() => setSharing(false)} /> : null}
    </div>
  );
}
