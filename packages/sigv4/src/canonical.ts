/**
 * The canonical request and string to sign of SigV4, plus the small hashing helpers they need.
 */
import { createHash } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Hex SHA-256 of the empty string. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Trims and collapses runs of whitespace, as SigV4 canonicalizes header values. */
export function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/**
 * `name:value\n` lines for the given header names (already lowercase and sorted); `get` returns the
 * header's value (string, or several values which are joined with `,`).
 */
export function canonicalHeaders(names: readonly string[], get: (name: string) => string | readonly string[] | undefined): string {
  let out = '';
  for (const name of names) {
    const raw = get(name);
    const value = typeof raw === 'string' ? canonicalHeaderValue(raw) : (raw ?? []).map(canonicalHeaderValue).join(',');
    out += `${name}:${value}\n`;
  }
  return out;
}

export function canonicalRequest(
  method: string,
  canonicalUri: string,
  canonicalQuery: string,
  canonicalHeadersBlock: string,
  signedHeaders: string,
  payloadHash: string,
): string {
  return `${method}\n${canonicalUri}\n${canonicalQuery}\n${canonicalHeadersBlock}\n${signedHeaders}\n${payloadHash}`;
}

/** `${date}/${region}/${service}/aws4_request` */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequestText)}`;
}

let lastSecond = NaN;
let lastAmzDate = '';

/** ISO 8601 basic format used by SigV4: 20261124T063600Z. */
export function toAmzDate(now: Date | number): string {
  const second = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  if (second === lastSecond) return lastAmzDate; // bulk presigning calls this many times per second
  const iso = new Date(second * 1000).toISOString(); // 2026-11-24T06:36:00.000Z
  lastSecond = second;
  lastAmzDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return lastAmzDate;
}

/** Milliseconds since the epoch of an ISO 8601 basic timestamp (20261124T063600Z). */
export function fromAmzDate(amzDate: string): number {
  return Date.UTC(
    Number(amzDate.slice(0, 4)),
    Number(amzDate.slice(4, 6)) - 1,
    Number(amzDate.slice(6, 8)),
    Number(amzDate.slice(9, 11)),
    Number(amzDate.slice(11, 13)),
    Number(amzDate.slice(13, 15)),
  );
}
