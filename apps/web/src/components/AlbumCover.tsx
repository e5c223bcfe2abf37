import { useEffect, useState } from 'react';
import type { Album } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useThumbnail } from '../lib/thumbs.ts';
import { Icon } from '../lib/icons.tsx';

/** The album's chosen cover, or else its newest photo. */
export function AlbumCover({ album, size }: { album: Album; size?: number }) {
  const [firstId, setFirstId] = useState<string | null>(null);
  useEffect(() => {
    if (album.coverMediaId || album.mediaCount === 0) return;
    let live = true;
    api.media.timeline({ albumId: album.id, limit: 1 }).then(
      (p) => live && setFirstId(p.items[0]?.id ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [album.id, album.coverMediaId, album.mediaCount]);
  const url = useThumbnail(album.coverMediaId ?? firstId);
  const style = size ? { width: size, height: size } : undefined;
  return (
    <span className="album-cover" style={style}>
      {url ? <img src={url} alt="" /> : <Icon name="albums" size={size ? size / 2 : 48} />}
    </span>
  );
}
