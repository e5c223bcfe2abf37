import { useEffect, useState } from 'react';
import type { Album } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { Icon } from '../lib/icons.tsx';
import { AlbumCover } from '../components/AlbumCover.tsx';
import { NameDialog } from '../components/NameDialog.tsx';
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
      {creating ? <NameDialog title={t('albums.new')} label={t('albums.name')} maxLength={200} initial="" onClose={() => setCreating(false)} onSave={async (name) => navigate(`/albums/${encodeURIComponent((await api.albums.create({ name })).id)}`)} /> : null}
    </div>
  );
}

