import os from 'node:os';
import sharp, { type Channels, type OutputInfo, type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import type { RawImage } from './heic.ts';
import { phashPixels } from './phash.ts';

export const THUMB_HEIGHT = 250;
export const PREVIEW_EDGE = 1440;
// ThumbHash keeps only a few low frequencies; 64 px holds them all at a third of 100 px's cost.
const THUMBHASH_EDGE = 64;

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
  const [preview, [thumbnail, hashInput, gray]] = await Promise.all([pixels(data, raw).webp({ quality: 80 }).toBuffer(), fromThumbnail(pixels(data, raw))]);
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

const pixels = (data: Buffer, raw: { width: number; height: number; channels: Channels }) => sharp(data, { raw });

/**
 * The thumbnail, then the ThumbHash input and the pHash's 32×32 grayscale shrunk from the
 * thumbnail's pixels rather than the preview's: a 250 px image resamples for a fraction of the
 * work, and both are far below its resolution (the pHash stays within a few bits, see the tests).
 */
async function fromThumbnail(preview: Sharp): Promise<[Buffer, { data: Buffer; info: OutputInfo }, Buffer]> {
  const small = await preview.resize({ height: THUMB_HEIGHT, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const raw = { width: small.info.width, height: small.info.height, channels: small.info.channels };
  return Promise.all([
    pixels(small.data, raw).webp({ quality: 75 }).toBuffer(),
    pixels(small.data, raw).resize(THUMBHASH_EDGE, THUMBHASH_EDGE, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
    phashPixels(pixels(small.data, raw)).toBuffer(),
  ]);
}
