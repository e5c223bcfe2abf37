import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { thumbHashToApproximateAspectRatio, thumbHashToAverageRGBA } from 'thumbhash';
import { parseExifDate, readExif } from '../src/imaging/exif.ts';
import { decodeHeic } from '../src/imaging/heic.ts';
import { computePhash, hammingDistance, phashFromGray32 } from '../src/imaging/phash.ts';
import { sniffMedia } from '../src/imaging/sniff.ts';
import { deriveImages, PREVIEW_EDGE, THUMB_HEIGHT } from '../src/imaging/thumbnail.ts';
import { ffmpegAvailable, probeVideo, videoPoster } from '../src/imaging/video.ts';
import { halfRedHalfBlue, jpegWithExif, sceneJpeg } from './helpers/images.ts';

const HEIC = readFileSync(new URL('./fixtures/red-blue.heic', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pc-imaging-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function pixelAt(img: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(img).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

describe('content sniffing', () => {
  it('recognises every stored photo format from its bytes', async () => {
    const base = sharp(halfRedHalfBlue(64, 48), { raw: { width: 64, height: 48, channels: 3 } });
    const cases: Array<[Buffer, string, string]> = [
      [await base.clone().jpeg().toBuffer(), 'jpg', 'image/jpeg'],
      [await base.clone().png().toBuffer(), 'png', 'image/png'],
      [await base.clone().webp().toBuffer(), 'webp', 'image/webp'],
      [await base.clone().avif().toBuffer(), 'avif', 'image/avif'],
      [await base.clone().gif().toBuffer(), 'gif', 'image/gif'],
      [await base.clone().tiff().toBuffer(), 'tif', 'image/tiff'],
      [HEIC, 'heic', 'image/heic'],
    ];
    for (const [bytes, ext, mime] of cases) {
      // The name lies on purpose: only the bytes decide.
      assert.deepEqual(await sniffMedia(bytes, 'holiday.txt'), { kind: 'photo', ext, mime }, ext);
    }
  });

  it('names TIFF-based RAW files after their extension', async () => {
    const tiff = await sharp(halfRedHalfBlue(16, 16), { raw: { width: 16, height: 16, channels: 3 } }).tiff().toBuffer();
    assert.deepEqual(await sniffMedia(tiff, 'DSC_0001.NEF'), { kind: 'photo', ext: 'nef', mime: 'image/x-nikon-nef' });
  });

  it('refuses text, PDF and archives whatever their name', async () => {
    assert.equal(await sniffMedia(Buffer.from('just some text, honestly'), 'photo.jpg'), null);
    assert.equal(await sniffMedia(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'photo.jpg'), null);
    assert.equal(await sniffMedia(Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000'), 'photo.heic'), null);
    assert.equal(await sniffMedia(Buffer.alloc(0), 'empty.png'), null);
  });
});

describe('EXIF', () => {
  it('reads taken-at with its offset, camera, exposure, orientation and GPS', async () => {
    const jpeg = await jpegWithExif({ width: 64, height: 48, orientation: 6, takenAt: '2024:06:01 14:03:22', offset: '+02:00', gps: [48.8582, 2.3521] });
    const facts = await readExif(jpeg);
    assert.equal(facts.takenAt?.toISOString(), '2024-06-01T12:03:22.000Z');
    assert.equal(facts.takenAtOffset, '+02:00');
    assert.equal(facts.orientation, 6);
    assert.equal(facts.summary?.make, 'Canon');
    assert.equal(facts.summary?.model, 'EOS R5');
    assert.equal(facts.summary?.fNumber, 2.8);
    assert.equal(facts.summary?.exposureTime, 0.004);
    assert.equal(facts.summary?.iso, 100);
    assert.ok(Math.abs(facts.latitude! - 48.8582) < 1e-3, `latitude ${facts.latitude}`);
    assert.ok(Math.abs(facts.longitude! - 2.3521) < 1e-3, `longitude ${facts.longitude}`);
  });

  it('keeps the camera clock as is when no offset was recorded, and never uses the server time zone', () => {
    assert.deepEqual(parseExifDate('2023:12:31 23:59:58', undefined), { takenAt: new Date('2023-12-31T23:59:58Z'), takenAtOffset: null });
    assert.equal(parseExifDate('2023:12:31 23:59:58', '-05:30')?.takenAt.toISOString(), '2024-01-01T05:29:58.000Z');
    assert.equal(parseExifDate('0000:00:00 00:00:00', undefined), null);
    assert.equal(parseExifDate(12, undefined), null);
  });

  it('gives empty facts for files without metadata or with garbage', async () => {
    const png = await sharp(halfRedHalfBlue(8, 8), { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer();
    assert.equal((await readExif(png)).takenAt, null);
    assert.equal((await readExif(Buffer.from('not an image at all'))).summary, null);
  });
});

describe('derived images', () => {
  it('makes an auto-oriented thumbnail, preview, placeholder and pHash pixels from one decode', async () => {
    // Stored landscape 2000×1500 with orientation 6: displayed portrait 1500×2000, the stored left (red) on top.
    const jpeg = await jpegWithExif({ width: 2000, height: 1500, orientation: 6 });
    const d = await deriveImages(jpeg);
    assert.deepEqual([d.width, d.height], [1500, 2000]);
    const thumb = await sharp(d.thumbnail).metadata();
    const preview = await sharp(d.preview).metadata();
    assert.equal(thumb.format, 'webp');
    assert.equal(thumb.height, THUMB_HEIGHT);
    assert.equal(preview.format, 'webp');
    assert.deepEqual([preview.width, preview.height], [1080, PREVIEW_EDGE]);
    const [r, , b] = await pixelAt(d.preview, 540, 10);
    assert.ok(r > 150 && b < 80, `top of the displayed photo is red, got ${r},${b}`);
    assert.equal(d.gray32.length, 32 * 32);
    // The placeholder is portrait too (3:4) and mixes the photo's red and blue halves.
    const hash = Buffer.from(d.thumbhash, 'base64');
    assert.ok(Math.abs(thumbHashToApproximateAspectRatio(hash) - 0.75) < 0.1, `aspect ${thumbHashToApproximateAspectRatio(hash)}`);
    const avg = thumbHashToAverageRGBA(hash);
    assert.ok(avg.r > 0.3 && avg.b > 0.3 && avg.g < 0.2, `average ${JSON.stringify(avg)}`);
  });

  it('never enlarges a small photo', async () => {
    const png = await sharp(halfRedHalfBlue(120, 80), { raw: { width: 120, height: 80, channels: 3 } }).png().toBuffer();
    const d = await deriveImages(png);
    assert.deepEqual([(await sharp(d.preview).metadata()).width, (await sharp(d.thumbnail).metadata()).height], [120, 80]);
    // Below preview size the pixels are the full image: the pHash equals the standalone one.
    assert.equal(phashFromGray32(d.gray32), await computePhash(png));
  });

  it('takes the pHash from the thumbnail pixels within a few bits of the one from the full photo', async () => {
    const distances: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const photo = await sharp(await sceneJpeg(seed)).resize(4000, 3000).jpeg({ quality: 90 }).toBuffer();
      const d = await deriveImages(photo);
      distances.push(hammingDistance(phashFromGray32(d.gray32), await computePhash(photo)));
    }
    // Different photos differ in ~32 bits and the similar-photos threshold is far below that.
    assert.ok(Math.max(...distances) <= 4, `distances ${distances.join(', ')}`);
  });

  it('decodes HEIC through the wasm decoder', async () => {
    const raw = await decodeHeic(HEIC);
    assert.deepEqual([raw.width, raw.height], [96, 64]);
    const d = await deriveImages(raw);
    const [lr, , lb] = await pixelAt(d.preview, 5, 32);
    const [rr, , rb] = await pixelAt(d.preview, 90, 32);
    assert.ok(lr > 150 && lb < 80, `left is red, got ${lr},${lb}`);
    assert.ok(rb > 150 && rr < 80, `right is blue, got ${rr},${rb}`);
  });

  it('fails clearly on bytes that are not an image', async () => {
    await assert.rejects(deriveImages(Buffer.from('definitely not a photo')));
  });
});

describe('video', async () => {
  const hasFfmpeg = await ffmpegAvailable();
  it('probes duration and size and grabs a poster frame', { skip: hasFfmpeg ? false : 'ffmpeg is not on PATH' }, async () => {
    const file = join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10:duration=2', '-pix_fmt', 'yuv420p', '-metadata', 'creation_time=2022-05-04T10:00:00Z', file]);
    assert.deepEqual(await sniffMedia(readFileSync(file).subarray(0, 4100), 'clip.bin'), { kind: 'video', ext: 'mp4', mime: 'video/mp4' });
    const facts = await probeVideo(file);
    assert.equal(facts.width, 320);
    assert.equal(facts.height, 240);
    assert.ok(Math.abs(facts.durationMs! - 2000) < 150, `duration ${facts.durationMs}`);
    assert.equal(facts.takenAt?.toISOString(), '2022-05-04T10:00:00.000Z');
    const poster = await videoPoster(file, facts.durationMs);
    assert.equal((await sniffMedia(poster))?.ext, 'jpg');
    assert.equal((await sharp(poster).metadata()).width, 320);
  });
});
