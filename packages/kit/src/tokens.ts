import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque tokens in the lucia shape `id.secret`: the id finds the row, only the SHA-256 of the secret
 * is stored, and the secret is compared in constant time. 32 random bytes = 256 bits of secret.
 */
export interface OpaqueToken {
  id: string;
  secret: string;
  /** What the client holds: `id.secret`. */
  value: string;
  /** What the database holds. */
  secretHash: string;
}

const PART = /^[A-Za-z0-9_-]{16,64}$/;

export function createOpaqueToken(): OpaqueToken {
  const id = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, value: `${id}.${secret}`, secretHash: hashTokenSecret(secret) };
}

/** Splits `id.secret`; null when the shape is wrong (never throws on hostile input). */
export function parseOpaqueToken(value: unknown): { id: string; secret: string } | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const id = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  return PART.test(id) && PART.test(secret) ? { id, secret } : null;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time check of a presented secret against the stored hash. */
export function verifyTokenSecret(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashTokenSecret(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
