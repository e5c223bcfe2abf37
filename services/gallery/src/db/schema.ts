import type { JobTable } from '@photocloud/kit/jobs/table';

/**
 * Gallery tables. Timestamps are ISO-8601 UTC strings on both engines, so ordering and range
 * filters compare the same way on SQLite and PostgreSQL; booleans are 0/1 integers for the same reason.
 */
export interface GalleryDB {
  media: MediaTable;
  album: AlbumTable;
  albumMedia: AlbumMediaTable;
  upload: UploadTable;
  job: JobTable;
}

export interface MediaTable {
  id: string;
  ownerId: string;
  status: 'uploading' | 'processing' | 'ready' | 'failed';
  kind: 'photo' | 'video';
  mime: string;
  originalName: string;
  objectKey: string;
  sizeBytes: number;
  sha256: string;
  takenAt: string;
  takenAtOffset: string | null;
  takenAtSource: 'exif' | 'file' | 'upload' | 'user';
  width: number | null;
  height: number | null;
  orientation: number | null;
  durationMs: number | null;
  latitude: number | null;
  longitude: number | null;
  /** JSON of the EXIF summary (camera, lens, exposure). */
  exif: string | null;
  thumbhash: string | null;
  /** 64-bit DCT perceptual hash as 16 hex digits, for similar-photo detection; null until computed. */
  phash: string | null;
  hasThumbnail: number;
  hasPreview: number;
  isFavorite: number;
  description: string | null;
  trashedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlbumTable {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  type: string;
  coverMediaId: string | null;
  indexEtag: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlbumMediaTable {
  albumId: string;
  mediaId: string;
  position: number;
  addedAt: string;
}

export interface UploadTable {
  id: string;
  ownerId: string;
  mediaId: string;
  objectKey: string;
  filename: string;
  sizeBytes: number;
  sha256: string | null;
  status: 'pending' | 'completed';
  expiresAt: string;
  createdAt: string;
}
