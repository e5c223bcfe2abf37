import type { MediaDetail } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { exposureLine, fileSize, mapLink } from './format.ts';

export function InfoPanel({ media, onClose }: { media: MediaDetail; onClose(): void }) {
  const { t, formatDate, lang } = useI18n();
  const camera = [media.exif?.make, media.exif?.model].filter(Boolean).join(' ');
  const exposure = media.exif ? exposureLine(media.exif) : '';
  const map = mapLink(media.latitude, media.longitude);
  return (
    <aside className="info-panel" aria-label={t('viewer.details')}>
      <header>
        <h2>{t('viewer.details')}</h2>
        <button type="button" className="icon-btn" onClick={onClose} aria-label={t('common.close')}>
          <Icon name="close" size={20} />
        </button>
      </header>
      <dl>
        <dt>{t('viewer.date')}</dt>
        <dd>{formatDate(media.takenAt, { dateStyle: 'full', timeStyle: 'short' })}</dd>
        <dt>{t('viewer.file')}</dt>
        <dd>
          {media.name}
          <br />
          <small>
            {media.width && media.height ? `${media.width} × ${media.height} · ` : ''}
            {fileSize(media.size, lang)}
          </small>
        </dd>
        {camera ? (
          <>
            <dt>{t('viewer.camera')}</dt>
            <dd>
              {camera}
              {media.exif?.lens ? (
                <>
                  <br />
                  <small>{media.exif.lens}</small>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {exposure ? (
          <>
            <dt>{t('viewer.exposure')}</dt>
            <dd>{exposure}</dd>
          </>
        ) : null}
        {map ? (
          <>
            <dt>{t('viewer.location')}</dt>
            <dd>
              <a href={map} target="_blank" rel="noreferrer">
                {t('viewer.map')}
              </a>
              <br />
              <small>
                {media.latitude!.toFixed(5)}, {media.longitude!.toFixed(5)}
              </small>
            </dd>
          </>
        ) : null}
      </dl>
    </aside>
  );
}
