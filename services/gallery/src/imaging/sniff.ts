import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

export interface SniffedType {
  kind: 'photo' | 'video';
  mime: string;
  /** Extension used in the original's object key. */
  ext: string;
}

/** Bytes to read before deciding: enough for every container signature we accept (file-type reads up to 4100). */
export const SNIFF_BYTES = 4100;

const PHOTO: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  heic: 'image/heic',
  tif: 'image/tiff',
  cr2: 'image/x-canon-cr2',
  cr3: 'image/x-canon-cr3',
  nef: 'image/x-nikon-nef',
  arw: 'image/x-sony-arw',
  dng: 'image/x-adobe-dng',
  raf: 'image/x-fujifilm-raf',
  orf: 'image/x-olympus-orf',
  rw2: 'image/x-panasonic-rw2',
};
const VIDEO: Record<string, string> = { mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' };

/** RAW formats built on TIFF: their signature reads as TIFF, so the file name tells which camera format it is. */
const TIFF_RAW = new Set(['nef', 'arw', 'dng', 'cr2', 'orf', 'rw2']);

/**
 * Recognises a photo or video from its first bytes (never from its name alone). Returns null for
 * anything we do not store, so the caller answers 415.
 */
export async function sniffMedia(head: Uint8Array, filename = ''): Promise<SniffedType | null> {
  const found = await fileTypeFromBuffer(head);
  if (!found) return null;
  let ext = found.ext as string;
  if (ext === 'heif' || found.mime.startsWith('image/heic') || found.mime.startsWith('image/heif')) ext = 'heic';
  if (ext === 'tif') {
    const named = extname(filename).slice(1).toLowerCase();
    if (TIFF_RAW.has(named)) ext = named;
  }
  if (PHOTO[ext]) return { kind: 'photo', mime: ext === 'heic' ? found.mime : PHOTO[ext]!, ext };
  if (VIDEO[ext]) return { kind: 'video', mime: VIDEO[ext]!, ext: ext === 'm4v' ? 'mp4' : ext };
  return null;
}

/** Formats sharp decodes itself; HEIC goes through the wasm decoder, RAW and video get no pixels from sharp. */
export function isSharpDecodable(ext: string): boolean {
  return ['jpg', 'png', 'webp', 'avif', 'gif', 'tif'].includes(ext);
}
