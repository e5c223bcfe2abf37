import exifr from 'exifr';
import type { ExifSummary } from '@photocloud/contracts';

/** What the gallery keeps from a photo's EXIF / XMP. */
export interface ExifFacts {
  /** UTC instant the photo was taken; when the camera gave no offset, its local time read as UTC. */
  takenAt: Date | null;
  /** `+02:00` when the camera recorded its UTC offset. */
  takenAtOffset: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  latitude: number | null;
  longitude: number | null;
  summary: ExifSummary | null;
}

const EMPTY: ExifFacts = {
  takenAt: null,
  takenAtOffset: null,
  width: null,
  height: null,
  orientation: null,
  latitude: null,
  longitude: null,
  summary: null,
};

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/**
 * Parses EXIF date text ("2024:06:01 14:03:22") with an optional offset ("+02:00"). Values are read
 * raw so the server's own time zone never shifts them.
 */
export function parseExifDate(text: unknown, offset: unknown): { takenAt: Date; takenAtOffset: string | null } | null {
  if (typeof text !== 'string') return null;
  const m = EXIF_DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number.isNaN(local) || Number(y) < 1800) return null;
  const o = typeof offset === 'string' ? OFFSET.exec(offset.trim()) : null;
  if (!o) return { takenAt: new Date(local), takenAtOffset: null };
  const minutes = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
  return { takenAt: new Date(local - minutes * 60_000), takenAtOffset: `${o[1]}${o[2]}:${o[3]}` };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Reads the facts we keep; a file without metadata (or with broken metadata) gives empty facts, never an error. */
export async function readExif(input: Buffer): Promise<ExifFacts> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(input, { tiff: true, exif: true, gps: true, xmp: true, ifd1: false, reviveValues: false, translateValues: false });
  } catch {
    return EMPTY;
  }
  if (!tags) return EMPTY;
  const date =
    parseExifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal ?? tags.OffsetTime) ??
    parseExifDate(tags.CreateDate, tags.OffsetTimeDigitized ?? tags.OffsetTime) ??
    parseExifDate(tags.ModifyDate, tags.OffsetTime);
  const gps = readGps(tags);
  const summary: ExifSummary = {
    make: str(tags.Make),
    model: str(tags.Model),
    lens: str(tags.LensModel) ?? str(tags.Lens),
    exposureTime: num(tags.ExposureTime),
    fNumber: num(tags.FNumber),
    iso: num(tags.ISO) ?? num(tags.ISOSpeedRatings),
    focalLength: num(tags.FocalLength),
  };
  return {
    takenAt: date?.takenAt ?? null,
    takenAtOffset: date?.takenAtOffset ?? null,
    width: num(tags.ExifImageWidth) ?? num(tags.ImageWidth),
    height: num(tags.ExifImageHeight) ?? num(tags.ImageHeight),
    orientation: num(tags.Orientation),
    latitude: gps?.latitude ?? null,
    longitude: gps?.longitude ?? null,
    summary: Object.values(summary).some((v) => v !== null) ? summary : null,
  };
}

/** Degrees from the raw GPS rationals and their N/S, E/W references. */
function readGps(tags: Record<string, unknown>): { latitude: number; longitude: number } | null {
  const toDeg = (v: unknown, ref: unknown, neg: string): number | null => {
    if (!Array.isArray(v) || v.length < 3 || !v.every((x) => typeof x === 'number')) return null;
    const [d, m, s] = v as [number, number, number];
    const deg = d + m / 60 + s / 3600;
    return ref === neg ? -deg : deg;
  };
  const latitude = toDeg(tags.GPSLatitude, tags.GPSLatitudeRef, 'S');
  const longitude = toDeg(tags.GPSLongitude, tags.GPSLongitudeRef, 'W');
  if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}
