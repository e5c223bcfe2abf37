import { timingSafeEqual } from 'node:crypto';
import type { Policy } from './policy.ts';

/** An access key as the request pipeline sees it: who owns it and what it may do. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Owner id: buckets and objects record it; ListBuckets shows the owner's buckets. */
  owner: string;
  policy: Policy;
}

/** Finds the key of a request. The next issue adds per-user keys and STS; this is the seam. */
export interface KeyResolver {
  resolve(accessKeyId: string): Promise<AccessKey | null> | AccessKey | null;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A fixed list of keys (the root key from config). */
export class StaticKeyResolver implements KeyResolver {
  constructor(private readonly keys: AccessKey[]) {}

  resolve(accessKeyId: string): AccessKey | null {
    return this.keys.find((k) => sameString(k.accessKeyId, accessKeyId)) ?? null;
  }
}
