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

export class AccessKeyStore {
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
    await this.db
      .insertInto('principalNotBefore')
      .values({ principal, notBefore })
      .onConflict((oc) => oc.column('principal').doUpdateSet({ notBefore }))
      .execute();
  }

  async notBefore(principal: string): Promise<number> {
    const row = await this.db.selectFrom('principalNotBefore').select('notBefore').where('principal', '=', principal).executeTakeFirst();
    return row ? Number(row.notBefore) : 0;
  }
}
