import { randomUUID } from 'node:crypto';
import type { MediaRow } from '../../src/stores/media.store.ts';

/** A catalog row for store-level tests: a ready JPEG of `ownerId` taken at `takenAt`. */
export function mediaRow(ownerId: string, takenAt: string, over: Partial<MediaRow> = {}): MediaRow {
  const id = over.id ?? randomUUID();
  return {
    id,
    ownerId,
    status: 'ready',
    kind: 'photo',
    mime: 'image/jpeg',
    originalName: `${id}.jpg`,
    objectKey: `users/${ownerId}/originals/${takenAt.slice(0, 4)}/${takenAt.slice(5, 7)}/${id}.jpg`,
    sizeBytes: 1000,
    sha256: randomUUID().replaceAll('-', '').padEnd(64, '0'),
    takenAt,
    takenAtOffset: null,
    takenAtSource: 'exif',
    width: null,
    height: null,
    orientation: null,
    durationMs: null,
    latitude: null,
    longitude: null,
    exif: null,
    thumbhash: null,
    phash: null,
    hasThumbnail: 0,
    hasPreview: 0,
    isFavorite: 0,
    description: null,
    trashedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
