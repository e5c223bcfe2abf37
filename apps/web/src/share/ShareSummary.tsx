import type { Share } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { countOf } from './code.ts';

/** Status, expiry, code and download facts of one of my links, and its revoke button while it works. */
export function ShareSummary({ share, title, onRevoke, onEdit, busy }: { share: Share; title: string; onRevoke(): void; onEdit?: (() => void) | undefined; busy: boolean }) {
  const { t, formatDate } = useI18n();
  const day = (iso: string) => formatDate(iso, { day: 'numeric', month: 'short', year: 'numeric' });
  const expiry = share.expiresAt === null ? t('share.noExpiry') : share.status === 'expired' ? t('share.expiredOn', { date: day(share.expiresAt) }) : t('share.expiresOn', { date: day(share.expiresAt) });
  const people = share.recipients.map((r) => r.name ?? r.email ?? '').filter(Boolean);
  return (
    <div className={`share-row share-${share.status}`}>
      <span className="share-icon" aria-hidden="true">
        <Icon name={share.kind === 'album' ? 'albums' : 'link'} />
      </span>
      <div className="share-row-text">
        <strong className="share-row-title">{title}</strong>
        <span className="share-facts">
          <span className={`share-status status-${share.status}`}>{t(`share.${share.status}`)}</span>
          <span>{countOf(t, 'items', share.mediaCount)}</span>
          <span>{expiry}</span>
          {share.hasCode ? (
            <span className="share-fact-icon">
              <Icon name="lock" size={14} />
              {t('share.withCode')}
            </span>
          ) : null}
          {share.allowDownload ? (
            <span className="share-fact-icon">
              <Icon name="download" size={14} />
              {t('share.downloads')}
            </span>
          ) : null}
          <span>{countOf(t, 'views', share.views)}</span>
        </span>
        {people.length > 0 ? <span className="share-people">{t('share.sharedWith', { people: people.join(', ') })}</span> : null}
      </div>
      <div className="share-actions">
        {onEdit && share.status !== 'revoked' ? (
          <button type="button" className="icon-btn" disabled={busy} onClick={onEdit} aria-label={t('share.editTitle', { name: title })} title={t('share.edit')}>
            <Icon name="edit" size={20} />
          </button>
        ) : null}
        {share.status === 'active' ? (
          <button type="button" className="btn btn-text danger" disabled={busy} onClick={onRevoke} aria-label={`${t('share.revoke')}: ${title}`}>
            {t('share.revoke')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
