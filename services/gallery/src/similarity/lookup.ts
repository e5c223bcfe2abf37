// Finding one photo's neighbours in the catalog without reading the owner's whole library. The
// stored hash (16 hex characters) is cut into four 16-bit bands, each indexed in the database as
// substr(phash, 1 + 4k, 4). By the refined pigeonhole of bands.ts, a hash within distance t of
// ours is within the band's radius on at least one searched band, so asking for every 4-hex key
// within each radius finds them all; the caller then checks the full distance.
import { layoutBands } from './bands.ts';
import { enumerateMasks } from './search.ts';

/** Bands as the index sees them: number k covers hex characters 4k..4k+3 (k = 0 most significant). */
export const INDEXED_BANDS = 4;
/** Beyond this many keys (high thresholds) a scan of the owner's hashes is cheaper than the lookups. */
export const MAX_LOOKUP_KEYS = 2048;

export interface BandQuery {
  /** 0..3: hex characters 4·band + 1 .. 4·band + 4 of the stored hash (SQL substr is 1-based). */
  band: number;
  /** Lower-case 4-hex keys to ask for. */
  keys: string[];
}

/**
 * The band keys to look up for `hex` at this threshold, or null when there would be more than
 * MAX_LOOKUP_KEYS (then the caller scans).
 */
export function neighbourKeys(hex: string, threshold: number): BandQuery[] | null {
  // Equal widths: the library size (which only weighs one band against another) changes nothing.
  const bands = layoutBands(INDEXED_BANDS, threshold, 1);
  const queries: BandQuery[] = [];
  let total = 0;
  for (const band of bands) {
    if (band.radius < 0) continue;
    // bands.ts counts bits from the least significant; the hex string starts at the most significant.
    const k = (64 - band.start - band.width) / 16;
    const key = parseInt(hex.slice(4 * k, 4 * k + 4), 16);
    const masks = [0, ...enumerateMasks(band.width, band.radius)];
    total += masks.length;
    if (total > MAX_LOOKUP_KEYS) return null;
    queries.push({ band: k, keys: masks.map((m) => ((key ^ m) >>> 0).toString(16).padStart(4, '0')) });
  }
  return queries;
}
