import type { Album } from '@photocloud/contracts';
import { useThumbnail } from '../lib/thumbs.ts';
import { Icon } from '../lib/icons.tsx';

export function AlbumCover({ album, size }: { album: Album; size?: number }) {
  const url = useThumbnail(album.coverMediaId);
  const style = size ? { width: size, height: size } : undefined;
  return (
    <span className="album-cover" style={style}>
      {url ? <img src={url} alt="" /> : <Icon name="albums" size={size ? size / 2 : 48} />}
    </span>
  );
}
