import { useCallback, useEffect, useState } from 'react';
import type { ReceivedShare, Share } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { FormError } from '../components/AuthLayout.tsx';
import { ShareSummary } from './ShareSummary.tsx';
import { EditShareDialog } from './EditShareDialog.tsx';
import { countOf } from './code.ts';
import './share.css';

type Tab = 'mine' | 'received';

/** `/sharing`: my links (status, revoke) and what others shared with me, as two tabs (`?tab=received`). */
export function SharingPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const tab: Tab = query.get('tab') === 'received' ? 'received' : 'mine';
  const select = (to: Tab) => navigate(to === 'mine' ? '/sharing' : '/sharing?tab=received', { replace: true });
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const to = tab === 'mine' ? 'received' : 'mine';
      select(to);
      document.getElementById(`tab-${to}`)?.focus();
    }
  };

  return (
    <div className="page sharing-page">
      <div className="page-head">
        <h1>{t('share.sharing')}</h1>
      </div>
      <div className="share-tabs" role="tablist" aria-label={t('share.sharing')} onKeyDown={onKey}>
        {(['mine', 'received'] as const).map((id) => (
          <button key={id} id={`tab-${id}`} type="button" role="tab" className="share-tab" aria-selected={tab === id} aria-controls={`panel-${id}`} tabIndex={tab === id ? 0 : -1} onClick={() => select(id)}>
            {t(id === 'mine' ? 'share.mine' : 'share.received')}
          </button>
        ))}
      </div>
      <section id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="share-panel">
        {tab === 'mine' ? <MyShares /> : <ReceivedList />}
      </section>
    </div>
  );
}

function MyShares() {
  const { t } = useI18n();
  const [shares, setShares] = useState<Share[] | null>(null);
  const [albumNames, setAlbumNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Share | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, albums] = await Promise.all([api.shares.list(), api.albums.list()]);
      setShares(list);
      setAlbumNames(new Map(albums.map((a) => [a.id, a.name])));
    } catch (err) {
      setError(errorText(err, t));
    }
  }, [t]);
  useEffect(() => void load(), [load]);

  const revoke = async (id: string) => {
    if (!confirm(t('share.revokeConfirm'))) return;
    setBusy(true);
    try {
      await api.shares.revoke(id);
      await load();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const titleOf = (s: Share) => s.label ?? (s.albumId ? (albumNames.get(s.albumId) ?? t('share.albumGone')) : t('share.selectionLabel', { count: s.mediaCount }));
  return (
    <>
      <FormError message={error} />
      {shares === null && !error ? <div className="spinner" role="status" aria-label={t('common.loading')} /> : null}
      {shares?.length === 0 ? <p className="empty">{t('share.mineEmpty')}</p> : null}
      <ul className="share-list">
        {(shares ?? []).map((s) => (
          <li key={s.id}>
            <ShareSummary share={s} title={titleOf(s)} busy={busy} onRevoke={() => void revoke(s.id)} onEdit={() => setEditing(s)} />
          </li>
        ))}
      </ul>
      {editing ? (
        <EditShareDialog
          share={editing}
          title={titleOf(editing)}
          onClose={() => setEditing(null)}
          onSaved={(updated) => {
            setShares((list) => (list ?? []).map((x) => (x.id === updated.id ? updated : x)));
            setEditing(null);
          }}
        />
      ) : null}
    </>
  );
}

function ReceivedList() {
  const { t, formatDate } = useI18n();
  const [shares, setShares] = useState<ReceivedShare[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.shares.received().then(setShares, (err: unknown) => setError(errorText(err, t)));
  }, [t]);

  return (
    <>
      <FormError message={error} />
      {shares === null && !error ? <div className="spinner" role="status" aria-label={t('common.loading')} /> : null}
      {shares?.length === 0 ? <p className="empty">{t('share.receivedEmpty')}</p> : null}
      <ul className="share-list">
        {(shares ?? []).map((s) => (
          <li key={s.id}>
            <Link href={`/sharing/received/${encodeURIComponent(s.id)}`} className="share-row share-row-link">
              <span className="share-icon" aria-hidden="true">
                <Icon name={s.kind === 'album' ? 'albums' : 'photos'} />
              </span>
              <span className="share-row-text">
                <strong className="share-row-title">{s.label ?? t('share.untitled')}</strong>
                <span className="share-facts">
                  <span>{countOf(t, 'items', s.mediaCount)}</span>
                  <span>{t('share.sharedOn', { date: formatDate(s.createdAt, { day: 'numeric', month: 'short', year: 'numeric' }) })}</span>
                  {s.expiresAt ? <span>{t('share.expiresOn', { date: formatDate(s.expiresAt, { day: 'numeric', month: 'short', year: 'numeric' }) })}</span> : null}
                </span>
              </span>
              <Icon name="right" />
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
