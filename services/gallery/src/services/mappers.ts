import type { Album, ExifSummary, Media } from '@photocloud/contracts';
import { AppError } from '@photocloud/kit';
import { layout } from '../blobs/layout.ts';
import type { AlbumWithCount } from '../stores/album.store.ts';
import type { MediaRow, TimelineCursor } from '../stores/media.store.ts';

export function toMedia(row: MediaRow): Media {
  return {
    id: row.id,
    name: row.originalName,
    path: row.objectKey,
    kind: row.kind,
    type: row.mime,
    status: row.status,
    size: row.sizeBytes,
    hash: row.sha256,
    isFavorite: row.isFavorite === 1,
    description: row.description,
    takenAt: row.takenAt,
    takenAtOffset: row.takenAtOffset,
    takenAtSource: row.takenAtSource,
    width: row.width,
    height: row.height,
    durationMs: row.durationMs,
    latitude: row.latitude,
    longitude: row.longitude,
    exif: row.exif ? (JSON.parse(row.exif) as ExifSummary) : null,
    thumbhash: row.thumbhash,
    trashedAt: row.trashedAt,
    createdAt: row.createdAt,
  };
}

export function toAlbum(row: AlbumWithCount): Album {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    mediaPath: layout.albumIndex(row.ownerId, row.id),
    coverMediaId: row.coverMediaId,
    mediaCount: row.mediaCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Opaque page cursor: base64url of the last (takenAt, id) seen. */
export function encodeCursor(c: TimelineCursor): string {
  return Buffer.from(JSON.stringify([c.takenAt, c.id])).toString('base64url');
}

export function decodeCursor(s: string): TimelineCursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
      return { takenAt: v[0], id: v[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_CURSOR');
}
