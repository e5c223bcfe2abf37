import { useEffect, useState, type FormEvent } from 'react';
import type { Album } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { Dialog } from './Dialog.tsx';
import { Field } from './Field.tsx';
import { FormError } from './AuthLayout.tsx';
import { AlbumCover } from './AlbumCover.tsx';

/** "Add to album": pick an existing album or name a new one. */
export function AlbumPicker({ mediaIds, onClose }: { mediaIds: string[]; onClose(added: boolean): void }) {
  const { t } = useI18n();
  const [albums, setAlbums] = useState<Album[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.albums.list().then(setAlbums, (err: unknown) => setError(errorText(err, t)));
  }, [t]);

  const addTo = async (albumId: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.albums.addMedia(albumId, mediaIds);
      onClose(true);
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const album = await api.albums.create({ name: name.trim() });
      await addTo(album.id);
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('albums.pick', { count: mediaIds.length })} onClose={() => onClose(false)}>
      <form className="form inline-form" onSubmit={create}>
        <Field label={t('albums.new')} placeholder={t('albums.name')} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          {t('common.create')}
        </button>
      </form>
      <ul className="picker-list">
        {(albums ?? []).map((a) => (
          <li key={a.id}>
            <button type="button" className="picker-item" disabled={busy} onClick={() => void addTo(a.id)}>
              <AlbumCover album={a} size={48} />
              <span>
                <strong>{a.name}</strong>
                <small>{t('albums.count', { count: a.mediaCount })}</small>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
      <div className="dialog-actions">
        <button type="button" className="btn btn-text" onClick={() => onClose(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
