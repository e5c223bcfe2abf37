import { Transform, type Readable, type TransformCallback } from 'node:stream';

/**
 * Removes the location from a JPEG on its way to a share viewer, without re-encoding: the EXIF GPS
 * IFD is emptied in place (entries and the values they point to zeroed, count 0) and XMP packets
 * naming a GPS property are dropped. Only the header segments (APPn/COM, before the first frame
 * marker) are buffered; the image data streams through untouched. No maintained JS library edits
 * EXIF in place (piexifjs is abandoned, exifr only reads, sharp re-encodes), hence this small walker.
 */
const MAX_HEADER = 2 * 1024 * 1024;
const EXIF = Buffer.from('Exif\0\0', 'latin1');
const XMP = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const XMP_EXT = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
const GPS_XMP = /GPS(Latitude|Longitude|Altitude|Position|DestLatitude|DestLongitude)/;
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

export class GpsStripError extends Error {}

/** The header part of a JPEG with the location removed; `rest` is everything after the header. */
export function stripJpegHeader(buf: Buffer): { header: Buffer; rest: Buffer } | 'need-more' {
  if (buf.length < 4) return 'need-more';
  if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new GpsStripError('not a JPEG');
  const out: Buffer[] = [buf.subarray(0, 2)];
  let pos = 2;
  for (;;) {
    if (pos + 4 > buf.length) return 'need-more';
    if (buf[pos] !== 0xff) throw new GpsStripError('malformed JPEG header');
    const marker = buf[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    const isHeaderSegment = (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
    if (!isHeaderSegment) return { header: Buffer.concat(out), rest: buf.subarray(pos) };
    const end = pos + 2 + buf.readUInt16BE(pos + 2);
    if (end > buf.length) return 'need-more';
    const segment = Buffer.from(buf.subarray(pos, end));
    const body = segment.subarray(4);
    if (marker === 0xe1 && body.subarray(0, 6).equals(EXIF)) wipeGpsIfd(body.subarray(6));
    const dropped = marker === 0xe1 && (startsWith(body, XMP_EXT) || (startsWith(body, XMP) && GPS_XMP.test(body.toString('latin1'))));
    if (!dropped) out.push(segment);
    pos = end;
  }
}

/** Empties the GPS IFD of a TIFF structure (the EXIF payload), in place. */
export function wipeGpsIfd(tiff: Buffer): void {
  if (tiff.length < 8) return;
  const le = tiff[0] === 0x49;
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd0 = u32(4);
  if (ifd0 + 2 > tiff.length) return;
  const n0 = u16(ifd0);
  for (let i = 0; i < n0; i++) {
    const e = ifd0 + 2 + i * 12;
    if (e + 12 > tiff.length) return;
    if (u16(e) !== 0x8825) continue;
    const gps = u32(e + 8);
    if (gps + 2 > tiff.length) return;
    const n = u16(gps);
    for (let j = 0; j < n; j++) {
      const g = gps + 2 + j * 12;
      if (g + 12 > tiff.length) break;
      const size = (TYPE_SIZE[u16(g + 2)] ?? 1) * u32(g + 4);
      if (size > 4) {
        const at = u32(g + 8);
        if (at < tiff.length) tiff.fill(0, at, Math.min(tiff.length, at + size));
      }
    }
    tiff.fill(0, gps, Math.min(tiff.length, gps + 2 + n * 12 + 4));
  }
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  return buf.length >= prefix.length && buf.subarray(0, prefix.length).equals(prefix);
}

/** Streams a JPEG with its location removed; buffers only the header segments. */
export function stripJpegGps(input: Readable): Readable {
  let pending: Buffer[] = [];
  let size = 0;
  let done = false;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (done) return cb(null, chunk);
      pending.push(chunk);
      size += chunk.length;
      try {
        const r = stripJpegHeader(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
        if (r === 'need-more') {
          if (size > MAX_HEADER) throw new GpsStripError('JPEG header too large');
          return cb();
        }
        done = true;
        pending = [];
        this.push(r.header);
        cb(null, r.rest);
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      cb(done ? null : new GpsStripError('truncated JPEG'));
    },
  });
  input.on('error', (err) => t.destroy(err));
  return input.pipe(t);
}
