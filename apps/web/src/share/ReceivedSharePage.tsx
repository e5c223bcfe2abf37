import { useCallback, useState } from 'react';
import type { SharedItem, ShareViewQuery } from '@photocloud/contracts';
import { isApiError } from '@photocloud/sdk';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { Link } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { FormError } from '../components/AuthLayout.tsx';
import { SharedAlbum, saveUrl } from './SharedAlbum.tsx';
import { useShareView } from './useShareView.ts';
import './share.css';

/** `/sharing/received/:id`: photos someone shared with me by name, opened without the link or its code. */
export function ReceivedSharePage({ id }: { id: string }) {
  const { t } = useI18n();
  const fetchPage = useCallback((query: ShareViewQuery) => api.shares.receivedView(id, query), [id]);
  const { state, more } = useShareView(fetchPage);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // These files need the bearer token, which a plain link cannot carry: fetch, then save the blob.
  const save = async (path: string, filename: string) => {
    setDownloading(true);
    setError(null);
    try {
      const url = URL.createObjectURL(await api.shares.receivedFile(path));
      saveUrl(url, filename);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setDownloading(false);
    }
  };
  const download = (item: SharedItem) => {
    if (!item.originalUrl) return;
    // Presigned S3 URLs (videos, kept locations) download directly.
    if (/^https?:/.test(item.originalUrl)) saveUrl(item.originalUrl, item.name);
    else void save(item.originalUrl, item.name);
  };

  const back = (
    <Link href="/sharing?tab=received" className="icon-btn" aria-label={t('common.back')}>
      <Icon name="left" />
    </Link>
  );
  return (
    <div className="page received-page">
      <FormError message={error} />
      {state.status === 'loading' ? <div className="spinner" role="status" aria-label={t('common.loading')} /> : null}
      {state.status === 'error' ? (
        <>
          <div className="shared-head">{back}</div>
          <p className="empty">{isApiError(state.error, 'SHARE_REVOKED') ? t('share.revokedHelp') : isApiError(state.error, 'SHARE_EXPIRED') ? t('share.expiredHelp') : errorText(state.error, t)}</p>
        </>
      ) : null}
      {state.status === 'ready' ? (
        <SharedAlbum
          view={state.view}
          items={state.items}
          onMore={more}
          lead={back}
          downloading={downloading}
          onDownload={download}
          onDownloadAll={() => state.view.downloadUrl && void save(state.view.downloadUrl, `${state.view.album?.name ?? state.view.label ?? 'photos'}.zip`)}
        />
      ) : null}
    </div>
  );
}
