import type { Logger } from '@photocloud/kit';
import type { BlobStore } from '../blobs/blob-store.ts';
import { MultipartBlobs } from '../blobs/multipart.ts';
import type { MediaStore } from '../stores/media.store.ts';
import type { UploadStore } from '../stores/upload.store.ts';

const PAGE = 500;
/** Streams through the API, and multipart uploads no row knows of, are left this long before they count as abandoned. */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

export interface SweepDeps {
  uploads: UploadStore;
  media: MediaStore;
  blobs: BlobStore;
  log: Logger;
  now: Date;
  /** GALLERY_UPLOAD_TTL_SECONDS in ms: an unknown multipart upload younger than this may be one being announced. */
  uploadTtlMs: number;
}

/**
 * Removes what uploads left behind: expired or cancelled direct uploads (their object, or their parts),
 * API streams cut off by a crash, and S3 multipart uploads under `users/` that no live upload owns
 * (a lost row, a crash between CreateMultipartUpload and the insert). Returns how many were removed.
 */
export async function sweepUploads(d: SweepDeps): Promise<number> {
  const multipart = new MultipartBlobs(d.blobs);
  const now = d.now.toISOString();
  let removed = 0;
  const expired = await d.uploads.expired(now, PAGE);
  for (const u of expired) {
    if (!(await d.uploads.claimExpired(u.id, now))) continue;
    if (u.s3UploadId) await multipart.abort(u.objectKey, u.s3UploadId);
    await d.blobs.delete(u.objectKey);
    await d.uploads.delete(u.id);
    removed += 1;
  }
  await d.uploads.deleteCompletedBefore(now);

  const stale = await d.media.staleUploads(new Date(d.now.getTime() - STALE_UPLOAD_MS).toISOString(), PAGE);
  for (const m of stale) {
    await d.blobs.delete(m.objectKey);
    await d.media.delete(m.id);
    removed += 1;
  }

  const cutoff = d.now.getTime() - Math.max(STALE_UPLOAD_MS, d.uploadTtlMs);
  for await (const open of multipart.listOpen('users/')) {
    if (open.initiated.getTime() >= cutoff) continue;
    const row = await d.uploads.getByS3UploadId(open.uploadId);
    // A pending upload still being sent keeps its parts, whatever its age (its expiry slides while it asks for URLs).
    if (row && row.status === 'pending' && row.expiresAt > now) continue;
    await multipart.abort(open.key, open.uploadId);
    d.log.info({ key: open.key, initiated: open.initiated.toISOString() }, 'aborted an abandoned multipart upload');
    removed += 1;
  }
  return removed;
}
