import type { ExifSummary } from '@photocloud/contracts';

/** `ƒ/1.8 · 1/120 s · 4.2 mm · ISO 100`, skipping what the camera did not record. */
export function exposureLine(exif: ExifSummary): string {
  const parts: string[] = [];
  if (exif.fNumber) parts.push(`ƒ/${round(exif.fNumber, 1)}`);
  if (exif.exposureTime) parts.push(exif.exposureTime >= 1 ? `${round(exif.exposureTime, 1)} s` : `1/${Math.round(1 / exif.exposureTime)} s`);
  if (exif.focalLength) parts.push(`${round(exif.focalLength, 1)} mm`);
  if (exif.iso) parts.push(`ISO ${exif.iso}`);
  return parts.join(' · ');
}

function round(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}

/** An OpenStreetMap link for the position, or null without GPS. */
export function mapLink(lat: number | null, lon: number | null): string | null {
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return `https://www.openstreetmap.org/?mlat=${lat.toFixed(6)}&mlon=${lon.toFixed(6)}#map=15/${lat.toFixed(6)}/${lon.toFixed(6)}`;
}

export function fileSize(bytes: number, lang: string): string {
  const units = lang === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: u ? 1 : 0 }).format(n)} ${units[u]}`;
}
