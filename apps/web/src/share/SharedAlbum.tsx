import { useState, type ReactNode } from 'react';
import type { SharedItem, ShareView } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { countOf } from './code.ts';
import { SharedGrid } from './SharedGrid.tsx';
import { Lightbox } from './Lightbox.tsx';

/** A share's title, facts and Download all, its photo grid and the lightbox; used by the link page and "shared with me". */
export function SharedAlbum({
  view,
  items,
  onMore,
  onDownloadAll,
  onDownload,
  downloading,
  lead,
}: {
  view: ShareView;
  items: SharedItem[];
  onMore(): void;
  onDownloadAll(): void;
  onDownload(item: SharedItem): void;
  downloading: boolean;
  /** Shown before the title (a back link). */
  lead?: ReactNode;
}) {
  const { t, formatDate } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  const title = view.album?.name ?? view.label ?? t('share.untitled');
  return (
    <>
      <div className="shared-head">
        {lead}
        <div className="shared-title">
          <h1>{title}</h1>
          <small>
            {countOf(t, 'items', view.mediaCount)}
            {view.expiresAt ? ` · ${t('share.expiresNote', { date: formatDate(view.expiresAt, { day: 'numeric', month: 'long', year: 'numeric' }) })}` : ''}
          </small>
          {view.album?.description ? <p className="shared-description">{view.album.description}</p> : null}
        </div>
        <span className="spacer" />
        {view.downloadUrl ? (
          <button type="button" className="btn btn-outline" onClick={onDownloadAll} disabled={downloading}>
            <Icon name="download" size={20} />
            {downloading ? t('share.downloading') : t('share.download')}
          </button>
        ) : null}
      </div>
      {items.length === 0 ? <p className="empty">{t('share.empty')}</p> : null}
      <SharedGrid items={items} onOpen={setOpen} hasMore={view.nextCursor !== null} onMore={onMore} />
      {open !== null ? <Lightbox items={items} index={open} onIndex={setOpen} onClose={() => setOpen(null)} onDownload={view.allowDownload ? onDownload : undefined} /> : null}
    </>
  );
}

/** Starts the browser's download of a URL (same-origin API path, presigned S3 URL or blob URL). */
export function saveUrl(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noreferrer';
  document.body.append(a);
  a.click();
  a.remove();
}
