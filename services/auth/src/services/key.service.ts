import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, type Role } from '@photocloud/contracts';
import type { Clock } from '@photocloud/kit';
import type { SigningKeyRow, SigningKeyStore } from '../stores/signing-key.store.ts';

const ALG = 'EdDSA';
const DAY_MS = 86_400_000;
/** Clock skew allowed between signer and verifiers when deciding a retired key can leave the JWKS. */
const MARGIN_MS = 5 * 60_000;

export interface KeyServiceOptions {
  issuer: string;
  accessTokenTtl: number;
  rotationDays: number;
  /** JWT_SECRET: the private keys are stored encrypted with a key derived from it. */
  secret: string;
}

interface CurrentKey {
  kid: string;
  key: CryptoKey | Uint8Array;
  rotateAt: number;
}

export interface Jwks {
  keys: JWK[];
}

/**
 * Ed25519 signing keys: one signs until `rotateAt`, then a new one is made; the old public key stays
 * in the JWKS until the last token it signed has expired. Private keys rest encrypted (AES-256-GCM).
 */
export class KeyService {
  readonly #wrapKey: Buffer;
  #current: CurrentKey | undefined;
  #creating: Promise<CurrentKey> | undefined;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly opts: KeyServiceOptions,
    private readonly clock: Clock,
  ) {
    this.#wrapKey = Buffer.from(hkdfSync('sha256', opts.secret, 'photocloud-auth', 'signing-key-encryption', 32));
  }

  async signAccessToken(sub: string, sid: string, facts: { role: Role; email?: string }): Promise<{ token: string; expiresIn: number }> {
    const key = await this.currentKey();
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const token = await new SignJWT({ sid, role: facts.role, ...(facts.email ? { email: facts.email } : {}) })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'at+jwt' })
      .setSubject(sub)
      .setIssuer(this.opts.issuer)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.opts.accessTokenTtl)
      .setJti(randomUUID())
      .sign(key.key);
    return { token, expiresIn: this.opts.accessTokenTtl };
  }

  /**
   * A short-lived web-identity token (sub = user id) the auth service trades at an STS
   * (AssumeRoleWithWebIdentity) for storage credentials; never handed to clients.
   */
  async signWebIdentityToken(sub: string, audience: string, ttlSec: number): Promise<string> {
    const key = await this.currentKey();
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(this.opts.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSec)
      .setJti(randomUUID())
      .sign(key.key);
  }

  async jwks(): Promise<Jwks> {
    const rows = await this.store.published(this.clock.now().toISOString());
    return { keys: rows.map((r) => JSON.parse(r.publicJwk) as JWK) };
  }

  /** Makes sure a signing key exists and decrypts with JWT_SECRET (fails start-up clearly otherwise). */
  async init(): Promise<void> {
    await this.currentKey();
  }

  private async currentKey(): Promise<CurrentKey> {
    const now = this.clock.now();
    if (this.#current && this.#current.rotateAt > now.getTime()) return this.#current;
    this.#creating ??= this.loadOrCreate(now).finally(() => (this.#creating = undefined));
    this.#current = await this.#creating;
    return this.#current;
  }

  private async loadOrCreate(now: Date): Promise<CurrentKey> {
    const row = (await this.store.current(now.toISOString())) ?? (await this.create(now));
    const jwk = JSON.parse(this.decrypt(row.privateJwkEnc, row.kid)) as JWK;
    return { kid: row.kid, key: await importJWK(jwk, ALG), rotateAt: Date.parse(row.rotateAt) };
  }

  private async create(now: Date): Promise<SigningKeyRow> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const kid = randomBytes(9).toString('base64url');
    const pub = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const priv = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    const rotateAt = now.getTime() + this.opts.rotationDays * DAY_MS;
    const row: SigningKeyRow = {
      kid,
      alg: ALG,
      publicJwk: JSON.stringify(pub),
      privateJwkEnc: this.encrypt(JSON.stringify(priv), kid),
      createdAt: now.toISOString(),
      rotateAt: new Date(rotateAt).toISOString(),
      expiresAt: new Date(rotateAt + this.opts.accessTokenTtl * 1000 + MARGIN_MS).toISOString(),
    };
    await this.store.create(row);
    await this.store.deleteExpired(now.toISOString());
    return row;
  }

  private encrypt(plain: string, kid: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#wrapKey, iv).setAAD(Buffer.from(kid));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  private decrypt(stored: string, kid: string): string {
    const [iv = '', tag = '', body = ''] = stored.split('.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#wrapKey, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(kid));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new Error(`JWT_SECRET does not decrypt signing key ${kid}: it changed since the key was made (set it back, or delete the signing_key rows to start over and sign everyone out)`, { cause: err });
    }
  }
}
