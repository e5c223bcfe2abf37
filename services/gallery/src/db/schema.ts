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
  share: ShareTable;
  shareMedia: ShareMediaTable;
  shareRecipient: ShareRecipientTable;
  shareSession: ShareSessionTable;
  similarGroup: SimilarGroupTable;
  similarMedia: SimilarMediaTable;
  similarRun: SimilarRunTable;
  similarOwner: SimilarOwnerTable;
  bucket: BucketTable;
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
  /** cancelled: kept until it expires, so a PUT still in flight when it was cancelled is swept too. */
  status: 'pending' | 'completed' | 'cancelled';
  expiresAt: string;
  createdAt: string;
  /** S3 multipart UploadId for a large file sent in parts; null for a single presigned PUT. */
  s3UploadId: string | null;
  partSize: number | null;
}

/** A share link. The token (`tokenId.secret`) and the access code are stored only as hashes. */
export interface ShareTable {
  id: string;
  ownerId: string;
  tokenId: string;
  tokenHash: string;
  kind: 'album' | 'media';
  albumId: string | null;
  label: string | null;
  /** argon2id; null when no code is required. */
  codeHash: string | null;
  allowDownload: number;
  keepLocation: number;
  status: 'active' | 'revoked';
  /** Null: never expires (only when the administrator allows it). */
  expiresAt: string | null;
  views: number;
  lastAccessedAt: string | null;
  failedAttempts: number;
  lockedUntil: string | null;
  revokedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ShareMediaTable {
  shareId: string;
  mediaId: string;
  position: number;
}

/** A named recipient; `userId` when they are a registered user (their "shared with me"). */
export interface ShareRecipientTable {
  id: string;
  shareId: string;
  name: string | null;
  userId: string | null;
  email: string | null;
}

/** A viewer session after the code was given; valid for its own share only. */
export interface ShareSessionTable {
  id: string;
  shareId: string;
  secretHash: string;
  expiresAt: string;
}

/** A set of similar photos proposed to the owner; dismissed and resolved ones are kept so they are not proposed again. */
export interface SimilarGroupTable {
  id: string;
  ownerId: string;
  status: 'open' | 'resolved' | 'dismissed';
  suggestedMediaId: string | null;
  /** The loosest member reason: 'same-bytes' | 're-encoded-or-resized' | 'near-identical-shot'. */
  reason: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimilarMediaTable {
  groupId: string;
  mediaId: string;
  /** 0 is the medoid. */
  position: number;
  /** Hamming distance of the pHash to the medoid's. */
  distance: number;
  /** 1 − distance/64. */
  similarityScore: number;
  reason: string;
}

/** Progress of one detection run; the id is the job's id. */
export interface SimilarRunTable {
  id: string;
  ownerId: string;
  phase: 'queued' | 'backfill' | 'load' | 'group' | 'store' | 'done';
  processed: number;
  total: number;
  photos: number;
  hashed: number;
  unhashable: number;
  groups: number;
  groupedMedia: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** One row per owner, updated first in every group write so writes for one owner run one at a time. */
export interface SimilarOwnerTable {
  ownerId: string;
  updatedAt: string;
}

/** A storage bucket an administrator created through PhotoCloud (seed 002's bucket sequence). */
export interface BucketTable {
  name: string;
  region: string;
  createdBy: string;
  createdAt: string;
}
