import os from 'node:os';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import type { RawImage } from './heic.ts';
import { phashPixels } from './phash.ts';

export const THUMB_HEIGHT = 250;
export const PREVIEW_EDGE = 1440;
const THUMBHASH_EDGE = 100;

let configured = false;

/**
 * sharp's thread pool defaults to 1 on some hosts; use every core once, at start-up. Its operation
 * cache is off: each original is decoded once, so cached images would only hold memory.
 */
export function configureSharp(): void {
  if (configured) return;
  configured = true;
  sharp.concurrency(os.availableParallelism());
  sharp.cache(false);
}

export interface DerivedImages {
  /** ~250 px high WebP. */
  thumbnail: Buffer;
  /** ~1440 px long edge WebP. */
  preview: Buffer;
  /** ThumbHash placeholder, base64. */
  thumbhash: string;
  /** Auto-oriented 32×32 grayscale pixels (alpha flattened on white) for the perceptual hash. */
  gray32: Uint8Array;
  /** Displayed size of the full image, after orientation. */
  width: number;
  height: number;
}

/**
 * Decodes once, auto-oriented and shrunk to preview size on load (JPEG shrink-on-load makes this
 * much cheaper than a full decode), then derives everything from those pixels.
 */
export async function deriveImages(input: Buffer | RawImage): Promise<DerivedImages> {
  const source = Buffer.isBuffer(input)
    ? sharp(input, { failOn: 'none', limitInputPixels: 300_000_000 })
    : sharp(input.data, { raw: { width: input.width, height: input.height, channels: input.channels } });
  const meta = await source.metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = Buffer.isBuffer(input) ? (swap ? meta.height : meta.width) : input.width;
  const height = Buffer.isBuffer(input) ? (swap ? meta.width : meta.height) : input.height;
  const { data, info } = await source
    .rotate()
    .resize({ width: PREVIEW_EDGE, height: PREVIEW_EDGE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const pixels = () => sharp(data, { raw });
  const [preview, [thumbnail, hashInput], gray] = await Promise.all([
    pixels().webp({ quality: 80 }).toBuffer(),
    thumbnailAndPlaceholderPixels(pixels()),
    // The similar-photos pHash takes its 32×32 grayscale from this same decode.
    phashPixels(pixels()).toBuffer(),
  ]);
  const thumbhash = Buffer.from(rgbaToThumbHash(hashInput.info.width, hashInput.info.height, hashInput.data)).toString('base64');
  return {
    thumbnail,
    preview,
    thumbhash,
    gray32: new Uint8Array(gray.buffer, gray.byteOffset, gray.length),
    width: width ?? info.width,
    height: height ?? info.height,
  };
}

/**
 * The thumbnail, and the ThumbHash input shrunk from the thumbnail's pixels rather than from the
 * preview's (a 250 px image resamples to 100 px for a fraction of the work; the placeholder is as sharp).
 */
async function thumbnailAndPlaceholderPixels(preview: Sharp): Promise<[Buffer, { data: Buffer; info: OutputInfo }]> {
  const small = await preview.resize({ height: THUMB_HEIGHT, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const pixels = () => sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } });
  return Promise.all([
    pixels().webp({ quality: 75 }).toBuffer(),
    pixels().resize(THUMBHASH_EDGE, THUMBHASH_EDGE, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
  ]);
}
