/**
 * URI encoding and canonical query strings exactly as SigV4 defines them: unreserved characters
 * (A-Z a-z 0-9 - . _ ~) are kept, every other UTF-8 byte becomes %XX with uppercase hex.
 */

const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  UNRESERVED[c] = /[A-Za-z0-9\-._~]/.test(ch) ? 1 : 0;
}
const PERCENT: string[] = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);
const SLASH = 0x2f;

/** Percent-encodes `str` per AWS rules; `/` is kept unless `encodeSlash` (query names and values). */
export function uriEncode(str: string, encodeSlash: boolean): string {
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c >= 128 || (UNRESERVED[c] === 0 && (c !== SLASH || encodeSlash))) return encodeSlow(str, encodeSlash);
  }
  return str; // common case: nothing to encode, no allocation
}

function encodeSlow(str: string, encodeSlash: boolean): string {
  const bytes = Buffer.from(str, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += b < 128 && (UNRESERVED[b] === 1 || (b === SLASH && !encodeSlash)) ? String.fromCharCode(b) : PERCENT[b]!;
  }
  return out;
}

/**
 * Decodes %XX escapes (a `+` stays a `+`, as S3 treats paths and SigV4 query strings).
 * Returns undefined when the input holds a malformed escape or invalid UTF-8.
 */
export function uriDecode(str: string): string | undefined {
  if (str.indexOf('%') === -1) return str;
  try {
    return decodeURIComponent(str);
  } catch {
    return undefined;
  }
}

/** Sorts encoded [name, value] pairs by name then value (byte order) and joins them. */
export function joinCanonicalQuery(pairs: [string, string][]): string {
  if (pairs.length > 1) pairs.sort(comparePairs);
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const [name, value] = pairs[i]!;
    out += i === 0 ? `${name}=${value}` : `&${name}=${value}`;
  }
  return out;
}

function comparePairs(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/**
 * Canonical query string from a raw query (without the leading `?`), as received on the wire:
 * each name and value is decoded and re-encoded with AWS rules, empty values are kept, and the
 * parameter named `exclude` (X-Amz-Signature for presigned URLs) is left out.
 */
export function canonicalQueryFromRaw(rawQuery: string, exclude?: string): string {
  return rawQuery === '' ? '' : joinCanonicalQuery(encodedQueryPairs(rawQuery, exclude));
}

/** The raw query's [name, value] pairs, each decoded and re-encoded with AWS rules (unsorted). */
export function encodedQueryPairs(rawQuery: string, exclude?: string): [string, string][] {
  const pairs: [string, string][] = [];
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf('&', start);
    if (end === -1) end = rawQuery.length;
    if (end > start) {
      const eq = rawQuery.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const rawName = rawQuery.slice(start, hasValue ? eq : end);
      const rawValue = hasValue ? rawQuery.slice(eq + 1, end) : '';
      const name = reencode(rawName);
      if (exclude === undefined || name !== exclude) pairs.push([name, reencode(rawValue)]);
    }
    start = end + 1;
  }
  return pairs;
}

/** Decode then encode; a component with a malformed escape is encoded as-is (its `%` becomes %25). */
function reencode(raw: string): string {
  return uriEncode(uriDecode(raw) ?? raw, true);
}
