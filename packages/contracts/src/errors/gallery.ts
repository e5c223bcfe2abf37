import type { ErrorSpec } from './common.ts';

/** Errors of the gallery service: media, uploads, albums, trash, jobs. */
export const GALLERY_ERRORS = {
  MEDIA_NOT_FOUND: { status: 404, message: 'No such media.' },
  ALBUM_NOT_FOUND: { status: 404, message: 'No such album.' },
  UPLOAD_NOT_FOUND: { status: 404, message: 'No such upload, or it has expired.' },
  JOB_NOT_FOUND: { status: 404, message: 'No such job.' },
  SIMILAR_GROUP_NOT_FOUND: { status: 404, message: 'No such group of similar photos.' },
  SIMILAR_GROUP_CLOSED: { status: 409, message: 'This group of similar photos was already resolved or dismissed.' },
  SIMILAR_KEEP_INVALID: { status: 400, message: 'Keep at least one photo, and only photos of this group.' },
  UPLOAD_TOO_LARGE: { status: 413, message: 'The file is larger than the upload limit.' },
  QUOTA_EXCEEDED: { status: 413, message: 'This upload would exceed your storage quota.' },
  UNSUPPORTED_MEDIA: {
    status: 415,
    message: 'This file is not a supported photo or video (JPEG, PNG, WebP, AVIF, GIF, HEIC/HEIF, TIFF, RAW, MP4, MOV, WebM).',
  },
  UPLOAD_EMPTY: { status: 400, message: 'The upload contains no file.' },
  UPLOAD_INCOMPLETE: { status: 409, message: 'The uploaded object is missing or does not match what was announced.' },
  DIRECT_UPLOAD_UNAVAILABLE: { status: 501, message: 'This server takes uploads through the API only (POST /media/upload).' },
  INVALID_CURSOR: { status: 400, message: 'The page cursor is not valid.' },
  SHARE_NOT_FOUND: { status: 404, message: 'No such share.' },
  SHARE_EXPIRED: { status: 410, message: 'This share link has expired.' },
  SHARE_REVOKED: { status: 410, message: 'This share link has been revoked by its owner.' },
  SHARE_CODE_REQUIRED: { status: 401, message: 'This share is protected by an access code.' },
  SHARE_CODE_WRONG: { status: 401, message: 'Wrong code.' },
  SHARE_LOCKED: { status: 429, message: 'Too many wrong codes; try again later.' },
  SHARE_DOWNLOAD_DISABLED: { status: 403, message: 'The owner did not allow downloads from this share.' },
} as const satisfies Record<string, ErrorSpec>;
