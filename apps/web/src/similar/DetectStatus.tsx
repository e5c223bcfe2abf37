import type { SimilarJob } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import type { MessageKey } from '../i18n/en.ts';

/** The run's phase and a progress bar while it goes; what it found, or why it stopped, after. */
export function DetectStatus({ job, error }: { job: SimilarJob | null; error: unknown }) {
  const { t, formatDate } = useI18n();
  const failure = error ? errorText(error, t) : null;
  if (!job) return failure ? <p className="form-error sim-status" role="alert">{failure}</p> : null;
  if (job.status === 'queued' || job.status === 'running') {
    const { processed, total } = job.progress;
    const known = total > 0;
    return (
      <div className="sim-progress" role="status">
        <div className="sim-progress-head">
          <span>{t(`similar.phase.${job.phase}` as MessageKey)}</span>
          {known ? <span className="muted">{t('similar.progress', { processed, total })}</span> : null}
        </div>
        {/* Without a total yet (queued) the bar is indeterminate. */}
        <progress aria-label={t('similar.progressLabel')} {...(known ? { value: processed, max: total } : {})} />
        {failure ? <p className="form-error">{failure}</p> : null}
      </div>
    );
  }
  if (job.status === 'failed') {
    return (
      <p className="form-error sim-status" role="alert">
        {t('similar.failed', { error: job.error ?? t('common.error') })}
      </p>
    );
  }
  return (
    <p className="notice sim-status" role="status">
      {t('similar.summary', { photos: job.counts.photos, groups: job.counts.groups })}{' '}
      {job.finishedAt ? t('similar.lastRun', { date: formatDate(job.finishedAt, { dateStyle: 'medium', timeStyle: 'short' }) }) : null}
    </p>
  );
}
