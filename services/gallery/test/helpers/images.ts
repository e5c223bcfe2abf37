import sharp from 'sharp';

/** Raw RGB pixels: left half red, right half blue (a vertical green ramp keeps them from being flat). */
export function halfRedHalfBlue(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < width / 2) px[i] = 220;
      else px[i + 2] = 220;
      px[i + 1] = Math.round((y / height) * 60);
    }
  }
  return px;
}

/** Degrees as an EXIF rational triple (d/1 m/1 s*100/100). */
function dms(deg: number): string {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
}

export interface ExifOptions {
  width: number;
  height: number;
  orientation?: number;
  takenAt?: string;
  offset?: string;
  gps?: [number, number];
  quality?: number;
  /** Pixel content; defaults to the red/blue halves. */
  pixels?: Buffer;
}

/** A JPEG made at test time with the EXIF a camera would write. */
export function jpegWithExif(o: ExifOptions): Promise<Buffer> {
  const exif: Record<string, Record<string, string>> = {
    IFD0: { Make: 'Canon', Model: 'EOS R5' },
    IFD2: { ExposureTime: '1/250', FNumber: '28/10', ISOSpeedRatings: '100' },
  };
  if (o.takenAt) exif.IFD2!.DateTimeOriginal = o.takenAt;
  if (o.offset) exif.IFD2!.OffsetTimeOriginal = o.offset;
  if (o.gps) {
    exif.IFD3 = {
      GPSLatitudeRef: o.gps[0] < 0 ? 'S' : 'N',
      GPSLatitude: dms(o.gps[0]),
      GPSLongitudeRef: o.gps[1] < 0 ? 'W' : 'E',
      GPSLongitude: dms(o.gps[1]),
    };
  }
  let img = sharp(o.pixels ?? halfRedHalfBlue(o.width, o.height), { raw: { width: o.width, height: o.height, channels: 3 } })
    .jpeg({ quality: o.quality ?? 85 })
    .withExif(exif);
  if (o.orientation) img = img.withMetadata({ orientation: o.orientation });
  return img.toBuffer();
}

/** A seeded generator (LCG): the same seed draws the same scene. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * A synthetic photo: a gradient sky and a dozen shapes placed by the seed (no binary fixtures). With
 * `takenAt` (EXIF `YYYY:MM:DD hh:mm:ss`) it carries that date and a camera, as a phone would write.
 */
export async function sceneJpeg(seed: number, takenAt?: string): Promise<Buffer> {
  const r = rng(seed);
  const c = () => `rgb(${Math.floor(r() * 256)},${Math.floor(r() * 256)},${Math.floor(r() * 256)})`;
  let shapes = '';
  for (let i = 0; i < 12; i++) {
    const [x, y, w, h] = [r() * 640, r() * 480, 40 + r() * 220, 40 + r() * 180];
    shapes += i % 2 ? `<ellipse cx="${x}" cy="${y}" rx="${w / 2}" ry="${h / 2}" fill="${c()}"/>` : `<rect x="${x - w / 2}" y="${y - h / 2}" width="${w}" height="${h}" fill="${c()}"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><defs><linearGradient id="g" x2="0" y2="1">
    <stop offset="0" stop-color="${c()}"/><stop offset="1" stop-color="${c()}"/></linearGradient></defs>
    <rect width="640" height="480" fill="url(#g)"/>${shapes}</svg>`;
  let img = sharp(Buffer.from(svg));
  if (takenAt) img = img.withExif({ IFD0: { Make: 'PhotoCloud', Model: 'Test Camera' }, IFD2: { DateTimeOriginal: takenAt } });
  return img.jpeg({ quality: 92 }).toBuffer();
}
