import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { summarize, type UploadItem } from './queue.ts';
import { useUpload } from './UploadProvider.tsx';

/** The card at the bottom right: overall and per-file progress, then the summary. */
export function UploadPanel() {
  const { t } = useI18n();
  const { items, retryFailed, dismiss } = useUpload();
  if (items.length === 0) return null;
  const s = summarize(items);
  const status = (i: UploadItem) =>
    i.status === 'failed' ? (i.error ?? t('common.error')) : i.status === 'duplicate' ? t('upload.duplicate') : i.status === 'done' ? t('upload.done') : i.status === 'hashing' ? t('upload.hashing', { name: i.name }) : i.status === 'waiting' ? t('upload.waiting') : `${Math.round((i.loaded / Math.max(1, i.size)) * 100)} %`;
  return (
    <section className="upload-panel" aria-label={s.active ? t('upload.title') : t('upload.summary')}>
      <header>
        <strong aria-live="polite">{s.active ? t('upload.progress', { done: s.finished, total: s.total }) : t('upload.summary')}</strong>
        {!s.active ? (
          <button type="button" className="icon-btn" onClick={dismiss} aria-label={t('common.close')}>
            <Icon name="close" size={20} />
          </button>
        ) : null}
      </header>
      <progress max={1} value={s.fraction} aria-label={t('upload.progress', { done: s.finished, total: s.total })} />
      {!s.active ? (
        <p className="upload-summary" role="status">
          {[s.added ? t('upload.added', { count: s.added }) : '', s.duplicates ? t('upload.duplicates', { count: s.duplicates }) : '', s.failed ? t('upload.failed', { count: s.failed }) : '']
            .filter(Boolean)
            .join(' · ')}
        </p>
      ) : null}
      <ul>
        {items.map((i) => (
          <li key={i.key} className={`upload-item ${i.status}`}>
            <span className="upload-name">{i.name}</span>
            <span className="upload-status">{status(i)}</span>
            {i.status === 'uploading' ? <progress max={Math.max(1, i.size)} value={i.loaded} aria-label={i.name} /> : null}
          </li>
        ))}
      </ul>
      {s.failed > 0 && !s.active ? (
        <button type="button" className="btn btn-text" onClick={retryFailed}>
          {t('upload.retry')}
        </button>
      ) : null}
    </section>
  );
}
