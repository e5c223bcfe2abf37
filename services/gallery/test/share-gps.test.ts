import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import exifr from 'exifr';
import sharp from 'sharp';
import { stripJpegGps, stripJpegHeader } from '../src/services/share-gps.ts';
import { jpegWithExif } from './helpers/images.ts';

/** Splits a buffer into small chunks, as a network stream would deliver it. */
function chunked(buf: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

describe('removing GPS from a JPEG on the way out', () => {
  it('empties the GPS IFD, keeps the camera EXIF and leaves the image data byte for byte', async () => {
    const original = await jpegWithExif({ width: 64, height: 48, takenAt: '2024:06:01 12:00:00', gps: [48.8584, 2.2945] });
    assert.ok((await exifr.gps(original))?.latitude, 'the fixture carries a location');
    const stripped = await buffer(stripJpegGps(chunked(original, 37)));
    assert.equal(await exifr.gps(stripped).catch(() => undefined), undefined);
    const tags = await exifr.parse(stripped, { gps: true });
    assert.equal(tags?.latitude, undefined);
    assert.equal(tags?.Make, 'Canon');
    assert.equal(stripped.length, original.length, 'wiped in place, not re-encoded');
    const headerEnd = (stripJpegHeader(original) as { rest: Buffer }).rest.length;
    assert.ok(stripped.subarray(-headerEnd).equals(original.subarray(-headerEnd)), 'the image data is untouched');
    const a = await sharp(original).raw().toBuffer();
    const b = await sharp(stripped).raw().toBuffer();
    assert.ok(a.equals(b));
  });

  it('drops an XMP packet that names a GPS position', async () => {
    const base = await jpegWithExif({ width: 16, height: 16 });
    const xmp = Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude="48,51.5N"/></x:xmpmeta>', 'latin1');
    const segment = Buffer.concat([Buffer.from([0xff, 0xe1, (xmp.length + 2) >> 8, (xmp.length + 2) & 0xff]), xmp]);
    const withXmp = Buffer.concat([base.subarray(0, 2), segment, base.subarray(2)]);
    const out = await buffer(stripJpegGps(Readable.from([withXmp])));
    assert.equal(out.includes(Buffer.from('GPSLatitude')), false);
    assert.equal(out.length, base.length);
  });

  it('refuses what is not a JPEG rather than pass it through unchecked', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    await assert.rejects(buffer(stripJpegGps(Readable.from([png]))), /not a JPEG/);
    await assert.rejects(buffer(stripJpegGps(Readable.from([Buffer.from([0xff, 0xd8, 0xff])]))), /truncated/);
  });
});
