import { Timeline } from '../timeline/Timeline.tsx';
import { useTimeline } from '../timeline/useTimeline.ts';
import { useSelection } from '../timeline/selection.ts';
import { SelectionBar } from '../components/SelectionBar.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { useUpload } from '../upload/UploadProvider.tsx';

/** The timeline: every photo, or the favorites only. */
export function Photos({ favorites }: { favorites: boolean }) {
  const { t } = useI18n();
  const state = useTimeline(favorites ? { favorite: true } : {});
  const selection = useSelection();
  const upload = useUpload();
  const empty = favorites ? (
    <p>{t('timeline.favoritesEmpty')}</p>
  ) : (
    <>
      <h1>{t('timeline.empty')}</h1>
      <p>{t('timeline.emptyHelp')}</p>
      <button type="button" className="btn btn-primary" onClick={upload.pick}>
        {t('upload.pick')}
      </button>
    </>
  );
  return (
    <div className="page page-full">
      <h1 className="sr-only">{favorites ? t('nav.favorites') : t('nav.photos')}</h1>
      <SelectionBar selection={selection} />
      <Timeline state={state} selection={selection} empty={empty} />
    </div>
  );
}
