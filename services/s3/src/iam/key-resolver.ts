import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '@photocloud/kit';
import { S3Error } from '../s3/errors.ts';
import type { AccessKeyStore } from './access-key.store.ts';
import type { Policy } from './policy.ts';
import type { ServerKeys } from './secrets.ts';
import { openSession, SESSION_KEY_PREFIX } from './session.ts';

/** An access key as the request pipeline sees it: who owns it and what it may do. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Owner id: buckets and objects record it; ListBuckets shows the owner's buckets. */
  owner: string;
  policy: Policy;
  /** 'root' (the root key), 'key' (a stored access key) or 'session' (temporary credentials). */
  kind?: 'root' | 'key' | 'session';
}

/** Finds the key of a request (and opens its session token, if any); null when unknown. */
export interface KeyResolver {
  resolve(accessKeyId: string, sessionToken?: string): Promise<AccessKey | null> | AccessKey | null;
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

/**
 * The root key, stored access keys (looked up on every request: revocation is immediate) and
 * temporary credentials (sealed token; refused when issued before the principal's "not before").
 */
export class ServiceKeyResolver implements KeyResolver {
  constructor(
    private readonly root: AccessKey,
    private readonly store: AccessKeyStore,
    private readonly keys: ServerKeys,
    private readonly clock: Clock,
  ) {}

  async resolve(accessKeyId: string, sessionToken?: string): Promise<AccessKey | null> {
    if (sessionToken !== undefined) {
      if (!accessKeyId.startsWith(SESSION_KEY_PREFIX)) throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.');
      const { session, secret } = openSession(this.keys, accessKeyId, sessionToken, this.clock.now());
      if (session.issuedAt < (await this.store.notBefore(session.principal))) {
        throw new S3Error('InvalidToken', 'The provided token has been revoked.');
      }
      return { accessKeyId, secretAccessKey: secret, owner: session.principal, policy: session.policy, kind: 'session' };
    }
    if (sameString(accessKeyId, this.root.accessKeyId)) return this.root;
    if (accessKeyId.startsWith(SESSION_KEY_PREFIX)) return null; // temporary credentials need their token
    const key = await this.store.resolve(accessKeyId);
    return key && { accessKeyId, ...key, kind: 'key' };
  }
}
