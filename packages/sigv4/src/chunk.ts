/**
 * Signatures of aws-chunked bodies: each chunk signs its data hash chained to the previous
 * signature (the request's own signature seeds the chain), and the trailer signs the canonical
 * trailing headers chained to the last chunk's signature.
 */
import { EMPTY_SHA256, sha256Hex } from './canonical.ts';
import { hmacSha256 } from './signing-key.ts';

export const PAYLOAD_ALGORITHM = 'AWS4-HMAC-SHA256-PAYLOAD';
export const TRAILER_ALGORITHM = 'AWS4-HMAC-SHA256-TRAILER';

export function chunkStringToSign(amzDate: string, scope: string, previousSignature: string, chunkSha256Hex: string): string {
  return `${PAYLOAD_ALGORITHM}\n${amzDate}\n${scope}\n${previousSignature}\n${EMPTY_SHA256}\n${chunkSha256Hex}`;
}

/** Hex signature of one chunk given the hex SHA-256 of its data. */
export function chunkSignature(
  signingKey: Buffer,
  amzDate: string,
  scope: string,
  previousSignature: string,
  chunkSha256Hex: string,
): string {
  return hmacSha256(signingKey, chunkStringToSign(amzDate, scope, previousSignature, chunkSha256Hex)).toString('hex');
}

/** `name:value\n` per trailer, names lowercased, values trimmed, in the order sent. */
export function canonicalTrailers(trailers: readonly (readonly [string, string])[]): string {
  let out = '';
  for (const [name, value] of trailers) out += `${name.toLowerCase()}:${value.trim()}\n`;
  return out;
}

export function trailerStringToSign(amzDate: string, scope: string, previousSignature: string, canonicalTrailersText: string): string {
  return `${TRAILER_ALGORITHM}\n${amzDate}\n${scope}\n${previousSignature}\n${sha256Hex(canonicalTrailersText)}`;
}

export function trailerSignature(
  signingKey: Buffer,
  amzDate: string,
  scope: string,
  previousSignature: string,
  canonicalTrailersText: string,
): string {
  return hmacSha256(signingKey, trailerStringToSign(amzDate, scope, previousSignature, canonicalTrailersText)).toString('hex');
}
