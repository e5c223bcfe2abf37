import type { ErrorSpec } from './common.ts';

/** Errors of the gallery service: media, uploads, albums, trash, jobs. */
export const GALLERY_ERRORS = {
  MEDIA_NOT_FOUND: { status: 404, message: 'No such media.' },
  ALBUM_NOT_FOUND: { status: 404, message: 'No such album.' },
  UPLOAD_NOT_FOUND: { status: 404, message: 'No such upload, or it has expired.' },
  JOB_NOT_FOUND: { status: 404, message: 'No such job.' },
  UPLOAD_TOO_LARGE: { status: 413, message: 'The file is larger than the upload limit.' },
  QUOTA_EXCEEDED: { status: 413, message: 'This upload would exceed your storage quota.' },
  UNSUPPORTED_MEDIA: {
    status: 415,
    message: 'This file is not a supported photo or video (JPEG, PNG, WebP, AVIF, GIF, HEIC/HEIF, TIFF, RAW, MP4, MOV, WebM).',
  },
  UPLOAD_EMPTY: { status: 400, message: 'The upload contains no file.' },
  UPLOAD_INCOMPLETE: { status: 409, message: 'The uploaded object is missing or does not match what was announced.' },
  INVALID_CURSOR: { status: 400, message: 'The page cursor is not valid.' },
} as const satisfies Record<string, ErrorSpec>;
