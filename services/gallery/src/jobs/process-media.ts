import exifr from 'exifr';
import type { Updateable } from 'kysely';
import type { Logger } from '@photocloud/kit';
import type { JobResult } from '@photocloud/kit/jobs/worker';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout, originalMetadata } from '../blobs/layout.ts';
import type { RecentOriginals } from '../blobs/recent-originals.ts';
import type { MediaTable } from '../db/schema.ts';
import { readExif } from '../imaging/exif.ts';
import { decodeHeic } from '../imaging/heic.ts';
import { phashFromGray32, phashToHex } from '../imaging/phash.ts';
import { deriveImages, type DerivedImages } from '../imaging/thumbnail.ts';
import { ffmpegAvailable, probeVideo, videoPoster } from '../imaging/video.ts';
import type { MediaRow, MediaStore } from '../stores/media.store.ts';

/** Presigned URLs handed to ffmpeg live this long: enough to probe and seek. */
const FFMPEG_URL_TTL = 600;

let warnedNoFfmpeg = false;

/**
 * Reads the original back from S3 and fills in what the catalog shows: EXIF facts, thumbnail and
 * preview, placeholder, pHash (photos); duration, size and poster (videos). Idempotent: running it
 * twice rewrites the same derived objects and the same columns.
 */
export interface ProcessDeps {
  media: MediaStore;
  blobs: BlobStore;
  log: Logger;
  now: () => Date;
  recent?: RecentOriginals | undefined;
}

export async function processMedia(mediaId: string, deps: ProcessDeps): Promise<JobResult> {
  const row = await deps.media.getById(mediaId);
  if (!row || row.status === 'uploading') return 'skipped';
  // Just uploaded through this process: bytes and their stored metadata are still in memory.
  const recent = deps.recent?.take(mediaId);
  const set: Updateable<MediaTable> = row.kind === 'photo' ? await photo(row, deps, recent?.body) : await video(row, deps);
  const updated = { ...row, ...set } as MediaRow;
  await deps.media.update(row.ownerId, row.id, { ...set, updatedAt: deps.now().toISOString() });
  // The bucket alone must be enough to rebuild the catalog: keep hash and final taken-at on the original.
  const stored = recent?.metadata ?? (await deps.blobs.head(row.objectKey))?.metadata;
  const wanted = originalMetadata(updated);
  if (stored && (stored.sha256 !== wanted.sha256 || stored['taken-at'] !== wanted['taken-at'])) {
    await deps.blobs.replaceMetadata(row.objectKey, wanted, row.mime);
  }
  return 'done';
}

async function photo(row: MediaRow, deps: { blobs: BlobStore; log: Logger }, cached?: Buffer): Promise<Updateable<MediaTable>> {
  const bytes = cached ?? (await deps.blobs.get(row.objectKey));
  const exif = await readExif(bytes);
  const set: Updateable<MediaTable> = {
    orientation: exif.orientation,
    latitude: exif.latitude,
    longitude: exif.longitude,
    exif: exif.summary ? JSON.stringify(exif.summary) : null,
    width: exif.width,
    height: exif.height,
  };
  // A date the user set wins over the camera's; the camera's wins over the file date.
  if (exif.takenAt && row.takenAtSource !== 'user') {
    Object.assign(set, { takenAt: exif.takenAt.toISOString(), takenAtOffset: exif.takenAtOffset, takenAtSource: 'exif' });
  }
  const derived = await decodePhoto(row, bytes, deps.log);
  if (!derived) return { ...set, status: 'ready' };
  await putDerived(row, derived, deps.blobs);
  return {
    ...set,
    width: derived.width,
    height: derived.height,
    thumbhash: derived.thumbhash,
    phash: phashToHex(phashFromGray32(derived.gray32)),
    hasThumbnail: 1,
    hasPreview: 1,
    status: 'ready',
  };
}

/** Pixels for any stored photo format; RAW files fall back to their embedded JPEG preview. */
async function decodePhoto(row: MediaRow, bytes: Buffer, log: Logger): Promise<DerivedImages | null> {
  try {
    if (row.mime.startsWith('image/hei')) return await deriveImages(await decodeHeic(bytes));
    return await deriveImages(bytes);
  } catch (err) {
    const embedded = (await exifr.thumbnail(bytes).catch(() => undefined)) as Uint8Array | undefined;
    if (embedded) {
      try {
        return await deriveImages(Buffer.from(embedded));
      } catch {
        // fall through: no usable pixels at all
      }
    }
    log.warn({ err, mediaId: row.id, mime: row.mime }, 'could not decode the photo; it is kept without thumbnails');
    return null;
  }
}

async function video(row: MediaRow, deps: { blobs: BlobStore; log: Logger }): Promise<Updateable<MediaTable>> {
  if (!(await ffmpegAvailable())) {
    if (!warnedNoFfmpeg) deps.log.warn('ffmpeg/ffprobe not found on PATH: videos are stored without poster, duration or size');
    warnedNoFfmpeg = true;
    return { status: 'ready' };
  }
  // ffmpeg reads the original straight from S3 with range requests: nothing is copied to disk.
  const url = await deps.blobs.presignGet(row.objectKey, FFMPEG_URL_TTL);
  let facts: Awaited<ReturnType<typeof probeVideo>>;
  try {
    facts = await probeVideo(url);
  } catch (err) {
    // Unreadable by ffprobe: kept like an undecodable photo. The URL (a credential) stays out of the log.
    deps.log.warn({ mediaId: row.id, reason: scrub(err, url) }, 'ffprobe could not read the video; it is kept without poster or duration');
    return { status: 'ready' };
  }
  const set: Updateable<MediaTable> = { durationMs: facts.durationMs, width: facts.width, height: facts.height, status: 'ready' };
  if (facts.takenAt && row.takenAtSource !== 'user' && row.takenAtSource !== 'exif') {
    Object.assign(set, { takenAt: facts.takenAt.toISOString(), takenAtOffset: null, takenAtSource: 'exif' });
  }
  try {
    const derived = await deriveImages(await videoPoster(url, facts.durationMs));
    await putDerived(row, derived, deps.blobs);
    Object.assign(set, { thumbhash: derived.thumbhash, hasThumbnail: 1, hasPreview: 1 });
  } catch (err) {
    deps.log.warn({ mediaId: row.id, reason: scrub(err, url) }, 'could not extract a poster frame');
  }
  return set;
}

/** ffmpeg's error text without the presigned URL, which is a credential until it expires. */
function scrub(err: unknown, url: string): string {
  return String((err as { stderr?: string })?.stderr || (err as Error)?.message || err).split(url).join('<original>').slice(0, 500);
}

async function putDerived(row: MediaRow, d: DerivedImages, blobs: BlobStore): Promise<void> {
  await Promise.all([
    blobs.put(layout.thumbnail(row.ownerId, row.id), d.thumbnail, { contentType: 'image/webp' }),
    blobs.put(layout.preview(row.ownerId, row.id), d.preview, { contentType: 'image/webp' }),
  ]);
}
