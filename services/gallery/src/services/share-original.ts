import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { SharedMediaRow } from '../stores/share.store.ts';
import { stripJpegGps } from './share-gps.ts';

export interface SharedOriginal {
  stream: Readable;
  filename: string;
  contentType: string;
}

/** Formats sharp can write back as themselves (metadata is dropped by default, ICC kept on request). */
const SHARP_FORMATS: Record<string, 'png' | 'webp' | 'avif' | 'tiff' | 'gif'> = {
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/tiff': 'tiff',
  'image/gif': 'gif',
};

/**
 * The original as a share viewer may have it. With the location kept, or for a video, the bytes as
 * stored. Otherwise JPEGs lose their GPS without re-encoding; other photos with a known location are
 * re-encoded by sharp in their own format (which drops EXIF and XMP); a photo whose location cannot
 * be removed (HEIC, RAW with GPS) is not offered: null.
 */
export async function openOriginal(blobs: BlobStore, row: SharedMediaRow, keepLocation: boolean): Promise<SharedOriginal | null> {
  const base = { filename: row.originalName, contentType: row.mime };
  if (keepLocation || row.kind === 'video') return { ...base, stream: await blobs.getStream(row.objectKey) };
  if (row.mime === 'image/jpeg') return { ...base, stream: stripJpegGps(await blobs.getStream(row.objectKey)) };
  if (row.latitude === null && row.longitude === null) return { ...base, stream: await blobs.getStream(row.objectKey) };
  const format = SHARP_FORMATS[row.mime];
  if (!format) return null;
  const source = await blobs.getStream(row.objectKey);
  const out = source.pipe(sharp({ failOn: 'none' }).keepIccProfile().toFormat(format));
  source.on('error', (err) => out.destroy(err));
  return { ...base, stream: out };
}
