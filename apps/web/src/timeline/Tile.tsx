import { memo, useState, type MouseEvent } from 'react';
import type { Media } from '@photocloud/contracts';
import { placeholderOf, useThumbnail } from '../lib/thumbs.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';

interface Props {
  media: Media;
  /** Position in the list and layout row, for keyboard moves. */
  index: number;
  row: number;
  left: number;
  width: number;
  height: number;
  selected: boolean;
  selecting: boolean;
  onOpen(e: MouseEvent): void;
  onToggle(e: MouseEvent): void;
}

/** One photo of the grid: the thumbhash placeholder at once, the thumbnail when its URL is known. */
export const Tile = memo(function Tile({ media, index, row, left, width, height, selected, selecting, onOpen, onToggle }: Props) {
  const { t, formatDate } = useI18n();
  // Timeline pages carry a presigned thumbnail URL: no request per tile. Once it has expired (an old
  // page) or for a photo still processing, the tile asks for its own detail instead.
  const [listUrlFailed, setListUrlFailed] = useState(false);
  const listUrl = listUrlFailed ? undefined : media.thumbUrl;
  const fetched = useThumbnail(listUrl ? null : media.id);
  const thumb = listUrl ?? fetched;
  const placeholder = placeholderOf(media.thumbhash);
  const date = formatDate(media.takenAt, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div data-index={index} data-row={row} className={`tile${selected ? ' selected' : ''}${selecting ? ' selecting' : ''}`} style={{ left, width, height }}>
      <a
        href={`/photo/${encodeURIComponent(media.id)}`}
        className="tile-link"
        style={placeholder ? { backgroundImage: `url(${placeholder})` } : undefined}
        draggable={false}
        // A long press on touch screens (select) and drags are handled by the grid (useDragSelect).
        onClick={(e) => {
          e.preventDefault();
          onOpen(e);
        }}
      >
        {thumb ? <img src={thumb} alt={t('timeline.photo', { name: media.name, date })} loading="lazy" decoding="async" draggable={false} onError={listUrl ? () => setListUrlFailed(true) : undefined} /> : <span className="sr-only">{t('timeline.photo', { name: media.name, date })}</span>}
        {media.kind === 'video' && media.durationMs ? <span className="tile-badge">{formatDuration(media.durationMs)}</span> : null}
        {media.isFavorite ? (
          <span className="tile-fav" aria-hidden="true">
            <Icon name="star" size={18} />
          </span>
        ) : null}
      </a>
      <button type="button" className="tile-check" aria-pressed={selected} aria-label={t('timeline.select', { name: media.name })} onClick={onToggle}>
        <Icon name="check" size={16} />
      </button>
    </div>
  );
});

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
