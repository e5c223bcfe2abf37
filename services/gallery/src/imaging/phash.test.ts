import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import {
  computePhash,
  hammingDistance,
  lowFrequencyDct,
  phashFromGray32,
  phashFromHex,
  phashToHex,
  popcount32,
  popcount64,
} from './phash.ts';

// A 32×32 smooth texture in 20..220 with no symmetry, so no AC coefficient sits at the median by accident.
function ramp(): Uint8Array {
  const px = new Uint8Array(1024);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) px[y * 32 + x] = 120 + 50 * Math.sin(x / 5 + y / 9) + 45 * Math.cos(x * y / 70 + y / 4);
  }
  return px;
}

async function picture(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="320" height="240" fill="#3a6"/><circle cx="90" cy="100" r="60" fill="#fd3"/>
    <rect x="180" y="40" width="110" height="160" fill="#236"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

describe('phashFromGray32', () => {
  it('gives identical hashes for identical pixels', () => {
    assert.equal(phashFromGray32(ramp()), phashFromGray32(ramp()));
  });

  it('puts the mean brightness in the DC term, independent of the bits', () => {
    const dc = lowFrequencyDct(new Uint8Array(1024).fill(100))[0]!;
    assert.ok(Math.abs(dc - 100 * 32) < 1e-9); // orthonormal 2-D DCT: DC = mean × 32
    // A uniform brightness shift only moves the DC term, and the median excludes it.
    const brighter = ramp().map((v) => v + 30);
    assert.equal(phashFromGray32(brighter), phashFromGray32(ramp()));
  });

  it('sets exactly the bits of coefficients above the median of the 63 AC terms', () => {
    const px = ramp();
    const c = lowFrequencyDct(px);
    const median = Array.from(c.subarray(1)).sort((a, b) => a - b)[31]!;
    let expected = 0n;
    for (let i = 0; i < 64; i++) expected = (expected << 1n) | (c[i]! > median ? 1n : 0n);
    assert.equal(phashFromGray32(px), expected);
  });

  it('rejects pixels that are not 32×32', () => {
    assert.throws(() => phashFromGray32(new Uint8Array(1000)), /expected 1024 grayscale pixels/);
  });
});

describe('computePhash', () => {
  it('hashes a JPEG the same as its decoded 32×32 grayscale pixels', async () => {
    const jpeg = await picture();
    const raw = await sharp(jpeg).grayscale().resize(32, 32, { fit: 'fill' }).raw().toBuffer();
    assert.equal(await computePhash(jpeg), phashFromGray32(new Uint8Array(raw)));
    assert.equal(await computePhash(sharp(jpeg)), await computePhash(jpeg));
  });

  it('keeps a re-encoded copy close and a different picture far', async () => {
    const jpeg = await picture();
    const h = await computePhash(jpeg);
    const reencoded = await computePhash(await sharp(jpeg).resize(160).jpeg({ quality: 40 }).toBuffer());
    const flipped = await computePhash(await sharp(jpeg).flop().toBuffer());
    assert.ok(hammingDistance(h, reencoded) <= 2);
    assert.ok(hammingDistance(h, flipped) > 16);
  });

  it('auto-orients: pixels stored rotated with an EXIF orientation hash like the original', async () => {
    const jpeg = await picture();
    const stored = await sharp(jpeg).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    assert.ok(hammingDistance(await computePhash(jpeg), await computePhash(stored)) <= 2);
  });
});

describe('hamming and hex', () => {
  it('counts differing bits', () => {
    assert.equal(hammingDistance(0n, 0n), 0);
    assert.equal(hammingDistance(0n, 0xffffffffffffffffn), 64);
    assert.equal(hammingDistance(0x8000000000000001n, 1n), 1);
    assert.equal(hammingDistance(0x0f0f0000000000f0n, 0xf00f00000000000fn), 16);
    assert.equal(popcount32(0xffffffff), 32);
    assert.equal(popcount64(0xffffffff, 0x80000001), 34);
  });

  it('round-trips through 16 hex characters', () => {
    for (const h of [0n, 1n, 0xdeadbeefcafebaben, 0xffffffffffffffffn]) {
      const hex = phashToHex(h);
      assert.match(hex, /^[0-9a-f]{16}$/);
      assert.equal(phashFromHex(hex), h);
    }
    assert.equal(phashToHex(1n), '0000000000000001');
    assert.equal(phashFromHex('DEADBEEFCAFEBABE'), 0xdeadbeefcafebaben);
  });

  it('rejects malformed hex and out-of-range values', () => {
    for (const bad of ['', 'abc', '0x00000000000000', 'g000000000000000', '00000000000000000']) {
      assert.throws(() => phashFromHex(bad), /16 hex characters/);
    }
    assert.throws(() => phashToHex(-1n), RangeError);
    assert.throws(() => phashToHex(1n << 64n), RangeError);
  });
});
