/**
 * Derived signing keys (kSigning = HMAC chain over date, region, service, "aws4_request"), cached:
 * a key is valid for a whole day, and presigning many URLs with one credential must not redo four
 * HMACs per URL.
 */
import { createHmac } from 'node:crypto';

const MAX_ENTRIES = 512;
const cache = new Map<string, Buffer>();

export function hmacSha256(key: Buffer | string, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Derives (or returns the cached) signing key. The returned Buffer is shared: never mutate it. */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const id = `${date}\n${region}\n${service}\n${secretAccessKey}`;
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  const kDate = hmacSha256(`AWS4${secretAccessKey}`, date);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  const key = hmacSha256(kService, 'aws4_request');
  // Map keeps insertion order: dropping the first entry evicts the oldest derivation.
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(id, key);
  return key;
}

/** Number of cached keys (tests check that the cache stays bounded). */
export function signingKeyCacheSize(): number {
  return cache.size;
}
