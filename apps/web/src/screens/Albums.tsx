import { useEffect, useState, type FormEvent } from 'react';
import type { Album } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { Icon } from '../lib/icons.tsx';
import { AlbumCover } from '../components/AlbumCover.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { FormError } from '../components/AuthLayout.tsx';

export function Albums() {
  const { t } = useI18n();
  const [albums, setAlbums] = useState<Album[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    api.albums.list().then(setAlbums, (err: unknown) => setError(errorText(err, t)));
  }, [t]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('albums.title')}</h1>
        <button type="button" className="btn btn-outline" onClick={() => setCreating(true)}>
          <Icon name="add" />
          {t('albums.new')}
        </button>
      </div>
      <FormError message={error} />
      {albums && albums.length === 0 ? <p className="muted">{t('albums.empty')}</p> : null}
      <ul className="album-grid">
        {(albums ?? []).map((a) => (
          <li key={a.id}>
            <Link href={`/albums/${encodeURIComponent(a.id)}`} className="album-card">
              <AlbumCover album={a} />
              <strong>{a.name}</strong>
              <small>{t('albums.count', { count: a.mediaCount })}</small>
            </Link>
          </li>
        ))}
      </ul>
      {creating ? <NameDialog title={t('albums.new')} initial="" onClose={() => setCreating(false)} onSave={async (name) => navigate(`/albums/${encodeURIComponent((await api.albums.create({ name })).id)}`)} /> : null}
    </div>
  );
}

/** Asks for an album name (create or rename). */
export function NameDialog({ title, initial, onClose, onSave }: { title: string; initial: string; onClose(): void; onSave(name: string): Promise<unknown> }) {
  const { t } = useI18n();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await onSave(name.trim());
      onClose();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <Field label={t('albums.name')} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <FormError message={error} />
        <div className="dialog-actions">
          <button type="button" className="btn btn-text" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!name.trim()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
