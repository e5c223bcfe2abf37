import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { S3Db } from '../db/schema.ts';
import type { Policy } from './policy.ts';
import { parsePolicyDocument } from './policy-document.ts';
import { seal, unseal } from './secrets.ts';

export interface StoredKey {
  accessKeyId: string;
  owner: string;
  description: string;
  createdAt: string;
  /** The policy document as given. */
  policy: unknown;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Long-lived access keys: `AKPC…` ids (never `ASIA…`, the temporary ones), secrets sealed at rest. */
export function newAccessKeyId(prefix: string): string {
  return prefix + Array.from(randomBytes(16), (b) => ALNUM[b % ALNUM.length]).join('');
}

/** How long a principal's "not before" time is trusted from memory; revocations in this process apply at once. */
const NOT_BEFORE_TTL_MS = 2000;

export class AccessKeyStore {
  // Every request with temporary credentials needs its principal's "not before": a database read per
  // request would queue behind the writes on SQLite's one connection.
  readonly #notBefore = new Map<string, { value: number; at: number }>();

  constructor(
    private readonly db: Kysely<S3Db>,
    private readonly sealKey: Buffer,
  ) {}

  /** Creates a key for `owner`; the policy document must already be validated. Returns the secret once. */
  async create(input: { owner: string; policy: unknown; description: string; now: Date }): Promise<StoredKey & { secretAccessKey: string }> {
    const accessKeyId = newAccessKeyId('AKPC');
    const secretAccessKey = randomBytes(30).toString('base64url');
    const row = {
      accessKeyId,
      owner: input.owner,
      secretSealed: seal(this.sealKey, Buffer.from(secretAccessKey), accessKeyId),
      policy: JSON.stringify(input.policy),
      description: input.description,
      createdAt: input.now.toISOString(),
    };
    await this.db.insertInto('accessKey').values(row).execute();
    return { accessKeyId, owner: row.owner, description: row.description, createdAt: row.createdAt, policy: input.policy, secretAccessKey };
  }

  async list(owner?: string): Promise<StoredKey[]> {
    let q = this.db.selectFrom('accessKey').select(['accessKeyId', 'owner', 'description', 'createdAt', 'policy']).orderBy('createdAt').orderBy('accessKeyId');
    if (owner !== undefined) q = q.where('owner', '=', owner);
    const rows = await q.execute();
    return rows.map((r) => ({ ...r, policy: JSON.parse(r.policy) as unknown }));
  }

  /** Deletes the key; false when there was none. */
  async revoke(accessKeyId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('accessKey').where('accessKeyId', '=', accessKeyId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The key with its secret and parsed policy, or null (unknown, revoked, or its seal does not open). */
  async resolve(accessKeyId: string): Promise<{ owner: string; secretAccessKey: string; policy: Policy } | null> {
    const row = await this.db.selectFrom('accessKey').selectAll().where('accessKeyId', '=', accessKeyId).executeTakeFirst();
    if (!row) return null;
    const secret = unseal(this.sealKey, row.secretSealed, accessKeyId);
    if (!secret) return null;
    return { owner: row.owner, secretAccessKey: secret.toString('utf8'), policy: parsePolicyDocument(JSON.parse(row.policy)) };
  }

  /** Temporary credentials of `principal` issued before now are refused from now on. */
  async revokeSessions(principal: string, now: Date): Promise<void> {
    const notBefore = now.getTime();
    this.#notBefore.set(principal, { value: notBefore, at: Date.now() });
    await this.db
      .insertInto('principalNotBefore')
      .values({ principal, notBefore })
      .onConflict((oc) => oc.column('principal').doUpdateSet({ notBefore }))
      .execute();
  }

  /**
   * The principal's "not before" (ms; 0 when never revoked). Cached for 2 s: a revocation made by this
   * process applies at the next request, one made by another instance within 2 s.
   */
  async notBefore(principal: string): Promise<number> {
    const hit = this.#notBefore.get(principal);
    if (hit && Date.now() - hit.at < NOT_BEFORE_TTL_MS) return hit.value;
    const row = await this.db.selectFrom('principalNotBefore').select('notBefore').where('principal', '=', principal).executeTakeFirst();
    const value = row ? Number(row.notBefore) : 0;
    if (this.#notBefore.size >= 100_000) this.#notBefore.clear();
    this.#notBefore.set(principal, { value, at: Date.now() });
    return value;
  }
}
