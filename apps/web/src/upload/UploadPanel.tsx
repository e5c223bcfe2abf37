import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { fileSize } from '../viewer/format.ts';
import { isFinished, summarize, type UploadItem } from './queue.ts';
import { useUpload } from './UploadProvider.tsx';
import './upload.css';

/** The card at the bottom right: overall and per-file progress, cancel and retry, then the summary. */
export function UploadPanel() {
  const { t, lang } = useI18n();
  const { items, retry, cancel, dismiss } = useUpload();
  if (items.length === 0) return null;
  const s = summarize(items);
  const size = (n: number) => fileSize(n, lang);
  const status = (i: UploadItem) => {
    switch (i.status) {
      case 'failed':
        return i.error ?? t('common.error');
      case 'duplicate':
        return t('upload.duplicate');
      case 'done':
        return t('upload.done');
      case 'cancelled':
        return t('upload.cancelled');
      case 'hashing':
        return t('upload.hashing', { name: i.name });
      case 'waiting':
        return t('upload.waiting');
      default:
        return i.retries ? t('upload.retrying', { count: i.retries }) : `${Math.round((i.loaded / Math.max(1, i.size)) * 100)} %`;
    }
  };
  const failed = items.filter((i) => i.status === 'failed');
  const counts = [
    s.added ? t('upload.added', { count: s.added }) : '',
    s.duplicates ? t('upload.duplicates', { count: s.duplicates }) : '',
    s.failed ? t('upload.failed', { count: s.failed }) : '',
    s.cancelled ? t('upload.cancelledCount', { count: s.cancelled }) : '',
  ].filter(Boolean);
  return (
    <section className="upload-panel" aria-label={s.active ? t('upload.title') : t('upload.summary')}>
      <header>
        <strong aria-live="polite">{s.active ? t('upload.progress', { done: s.finished, total: s.total }) : t('upload.summary')}</strong>
        {s.active ? (
          <button type="button" className="btn btn-text" onClick={() => cancel()}>
            {t('upload.cancelAll')}
          </button>
        ) : (
          <button type="button" className="icon-btn" onClick={dismiss} aria-label={t('common.close')}>
            <Icon name="close" size={20} />
          </button>
        )}
      </header>
      <progress max={1} value={s.fraction} aria-label={t('upload.progress', { done: s.finished, total: s.total })} />
      {!s.active ? (
        <div className="upload-summary" role="status">
          <p>{counts.join(' · ')}</p>
          {failed.length > 0 ? (
            <>
              <p className="upload-failures-title">{t('upload.failures')}</p>
              <ul className="upload-failures">
                {failed.map((i) => (
                  <li key={i.key}>
                    <span>
                      <span className="upload-name">{i.name}</span> — {i.error ?? t('common.error')}
                    </span>
                    {i.retryable !== false ? <RetryButton name={i.name} onClick={() => retry(i.key)} /> : null}
                  </li>
                ))}
              </ul>
              {failed.some((i) => i.retryable !== false) ? (
                <button type="button" className="btn btn-text" onClick={() => retry()}>
                  {t('upload.retry')}
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      <ul className="upload-items">
        {/* Once finished, failures are listed (with their reason) in the summary above. */}
        {items.filter((i) => s.active || i.status !== 'failed').map((i) => (
          <li key={i.key} className={`upload-item ${i.status}`}>
            <span className="upload-name" title={i.name}>
              {i.name}
            </span>
            <span className="upload-actions">
              {i.status === 'uploading' ? (
                <span className="upload-bytes">{t('upload.bytes', { loaded: size(Math.min(i.loaded, i.size)), total: size(i.size) })}</span>
              ) : null}
              {!isFinished(i.status) ? (
                <button type="button" className="icon-btn upload-btn" onClick={() => cancel(i.key)} aria-label={t('upload.cancel', { name: i.name })} title={t('upload.cancel', { name: i.name })}>
                  <Icon name="close" size={18} />
                </button>
              ) : null}
              {(i.status === 'failed' && i.retryable !== false) || i.status === 'cancelled' ? <RetryButton name={i.name} onClick={() => retry(i.key)} /> : null}
            </span>
            <span className="upload-status">{status(i)}</span>
            {i.status === 'uploading' ? <progress max={Math.max(1, i.size)} value={i.loaded} aria-label={i.name} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RetryButton({ name, onClick }: { name: string; onClick(): void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="icon-btn upload-btn" onClick={onClick} aria-label={t('upload.retryOne', { name })} title={t('upload.retryOne', { name })}>
      <Icon name="restore" size={18} />
    </button>
  );
}
