// 64-bit DCT perceptual hash (the pHash "dct" variant): auto-orient, grayscale, 32×32, 2-D DCT-II,
// keep the top-left 8×8 low frequencies, bit = coefficient > median of those 64 minus the DC term.
// Re-encodes, resizes and mild exposure changes move few bits; different photos differ in ~32.
import sharp, { type Sharp } from 'sharp';

export const PHASH_SIZE = 32;
const LOW = 8;
const PIXELS = PHASH_SIZE * PHASH_SIZE;

// Orthonormal DCT-II basis, only the 8 lowest frequencies are needed: COS[u * 32 + x].
const COS = (() => {
  const table = new Float64Array(LOW * PHASH_SIZE);
  for (let u = 0; u < LOW; u++) {
    const scale = u === 0 ? Math.sqrt(1 / PHASH_SIZE) : Math.sqrt(2 / PHASH_SIZE);
    for (let x = 0; x < PHASH_SIZE; x++) {
      table[u * PHASH_SIZE + x] = scale * Math.cos(((2 * x + 1) * u * Math.PI) / (2 * PHASH_SIZE));
    }
  }
  return table;
})();

/** The 8×8 lowest DCT-II coefficients of a 32×32 grayscale image, row-major (index v * 8 + u, v = vertical). */
export function lowFrequencyDct(pixels: Uint8Array): Float64Array {
  if (pixels.length !== PIXELS) {
    throw new TypeError(`expected ${PIXELS} grayscale pixels (32×32), got ${pixels.length}`);
  }
  // Separable transform: rows first (32 rows × 8 horizontal frequencies), then columns.
  const rows = new Float64Array(PHASH_SIZE * LOW);
  for (let y = 0; y < PHASH_SIZE; y++) {
    const base = y * PHASH_SIZE;
    for (let u = 0; u < LOW; u++) {
      const c = u * PHASH_SIZE;
      let sum = 0;
      for (let x = 0; x < PHASH_SIZE; x++) sum += pixels[base + x]! * COS[c + x]!;
      rows[y * LOW + u] = sum;
    }
  }
  const out = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    const c = v * PHASH_SIZE;
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < PHASH_SIZE; y++) sum += rows[y * LOW + u]! * COS[c + y]!;
      out[v * LOW + u] = sum;
    }
  }
  return out;
}

/**
 * pHash of already-decoded, auto-oriented 32×32 grayscale pixels (1 byte each, row-major), so the
 * gallery can derive it from the decode it already does for thumbnails.
 * Bit 63 (the most significant) is coefficient (0,0), bit 0 is (7,7): the hex form reads row by row.
 */
export function phashFromGray32(pixels: Uint8Array): bigint {
  const coeffs = lowFrequencyDct(pixels);
  // Median of the 63 AC terms: the DC term is the mean brightness and would skew it.
  const ac = Array.from(coeffs.subarray(1)).sort((a, b) => a - b);
  const median = ac[(ac.length - 1) / 2]!;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) {
    hi = (hi << 1) | (coeffs[i]! > median ? 1 : 0);
    lo = (lo << 1) | (coeffs[i + 32]! > median ? 1 : 0);
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * The pHash decode steps on a pipeline (auto-orient, flatten alpha on white, grayscale, 32×32 fill),
 * for callers that branch it off their own decode: `phashPixels(decoded.clone())`.
 */
export function phashPixels(pipeline: Sharp): Sharp {
  return pipeline
    .rotate()
    .flatten({ background: '#ffffff' })
    .grayscale()
    .resize(PHASH_SIZE, PHASH_SIZE, { fit: 'fill' })
    .raw();
}

/** Decodes and hashes. A Sharp instance is cloned, not consumed, so it can still make thumbnails. */
export async function computePhash(input: Buffer | Sharp): Promise<bigint> {
  const pipeline = Buffer.isBuffer(input) ? sharp(input) : input.clone();
  const { data, info } = await phashPixels(pipeline).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || data.length !== PIXELS) {
    throw new TypeError(`unexpected decode for pHash: ${info.width}×${info.height}×${info.channels}`);
  }
  return phashFromGray32(new Uint8Array(data.buffer, data.byteOffset, data.length));
}

/** Number of set bits in a 32-bit integer (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Set bits in the 64-bit value (hi, lo): both halves summed per byte before one multiply. */
export function popcount64(hi: number, lo: number): number {
  hi -= (hi >>> 1) & 0x55555555;
  hi = (hi & 0x33333333) + ((hi >>> 2) & 0x33333333);
  lo -= (lo >>> 1) & 0x55555555;
  lo = (lo & 0x33333333) + ((lo >>> 2) & 0x33333333);
  const bytes = ((hi + (hi >>> 4)) & 0x0f0f0f0f) + ((lo + (lo >>> 4)) & 0x0f0f0f0f);
  return Math.imul(bytes, 0x01010101) >>> 24;
}

const MASK32 = 0xffffffffn;

/** Number of differing bits between two 64-bit hashes. */
export function hammingDistance(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(64, a ^ b);
  return popcount64(Number(x >> 32n), Number(x & MASK32));
}

const HEX = /^[0-9a-f]{16}$/i;

/** 16 lower-case hex characters, the storage form. */
export function phashToHex(hash: bigint): string {
  if (hash < 0n || hash > 0xffffffffffffffffn) throw new RangeError('a pHash is an unsigned 64-bit integer');
  return hash.toString(16).padStart(16, '0');
}

export function phashFromHex(hex: string): bigint {
  if (!HEX.test(hex)) throw new TypeError(`a pHash is 16 hex characters, got ${JSON.stringify(hex)}`);
  return BigInt(`0x${hex}`);
}
