import { useCallback, useEffect, useState } from 'react';
import type { Media } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { Icon } from '../lib/icons.tsx';
import { notifyLibraryChange } from '../lib/events.ts';
import { placeholderOf, useThumbnail } from '../lib/thumbs.ts';
import { FormError } from '../components/AuthLayout.tsx';

export function Trash() {
  const { t } = useI18n();
  const [items, setItems] = useState<Media[] | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  // Emptying queues the purge in the background: those items are hidden here until it has run.
  const [purging, setPurging] = useState<ReadonlySet<string>>(new Set());

  const load = useCallback(() => {
    api.trash.list({ limit: 500 }).then((p) => setItems(p.items), (err: unknown) => setError(errorText(err, t)));
  }, [t]);
  const visible = items?.filter((m) => !purging.has(m.id)) ?? null;
  useEffect(load, [load]);

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
      setSelected(new Set());
      notifyLibraryChange();
      load();
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('trash.title')}</h1>
        <span className="spacer" />
        {selected.size > 0 ? (
          <button type="button" className="btn btn-outline" onClick={() => void act(() => api.trash.restore([...selected]))}>
            <Icon name="restore" />
            {t('trash.restore')} ({selected.size})
          </button>
        ) : null}
        {visible && visible.length > 0 ? (
          <button
            type="button"
            className="btn btn-text danger"
            onClick={() => {
              if (!confirm(t('trash.emptyConfirm'))) return;
              const ids = new Set([...purging, ...(items ?? []).map((m) => m.id)]);
              void act(async () => {
                await api.trash.empty();
                setPurging(ids);
              });
            }}
          >
            {t('trash.emptyAll')}
          </button>
        ) : null}
      </div>
      <p className="muted">{t('trash.help')}</p>
      <FormError message={error} />
      {visible && visible.length === 0 ? <p className="empty">{t('trash.empty')}</p> : null}
      <ul className="square-grid">
        {(visible ?? []).map((m) => (
          <TrashTile key={m.id} media={m} selected={selected.has(m.id)} onToggle={() => toggle(m.id)} />
        ))}
      </ul>
    </div>
  );
}

function TrashTile({ media, selected, onToggle }: { media: Media; selected: boolean; onToggle(): void }) {
  const { t } = useI18n();
  const url = useThumbnail(media.id);
  const bg = placeholderOf(media.thumbhash);
  return (
    <li>
      <button type="button" className={selected ? 'square selected' : 'square'} aria-pressed={selected} aria-label={t('timeline.select', { name: media.name })} onClick={onToggle} style={bg ? { backgroundImage: `url(${bg})` } : undefined}>
        {url ? <img src={url} alt="" /> : null}
        <span className="tile-check" aria-hidden="true">
          <Icon name="check" size={16} />
        </span>
      </button>
    </li>
  );
}
