import { AppError } from '@photocloud/kit';

/** Errors every way of uploading answers alike. */
export function tooLarge(max: number): AppError {
  return new AppError('UPLOAD_TOO_LARGE', { message: `The file is larger than the upload limit of ${max} bytes.` });
}

/** S3 refused or failed: a 502 naming the storage, the cause kept for the log. */
export function storageFailed(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const stream = (err as { code?: string })?.code;
  // The client went away mid-upload: nothing to answer, keep the original error.
  if (stream === 'ECONNRESET' || (err as Error)?.name === 'AbortError') return err;
  return new AppError('UPSTREAM_FAILED', { message: 'The storage did not accept the file; nothing was kept. Try again later.', cause: err });
}

export function unsupported(filename: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA', {
    message: `${JSON.stringify(filename)} is not a supported photo or video: JPEG, PNG, WebP, AVIF, GIF, HEIC/HEIF, TIFF, RAW (CR2, CR3, NEF, ARW, DNG, RAF, ORF, RW2), MP4, MOV and WebM are.`,
  });
}
