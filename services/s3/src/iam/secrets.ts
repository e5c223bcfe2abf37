import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The server secret (DATA_DIR/s3/server-secret, generated on first start, or S3_KEY_SECRET) and the
 * keys derived from it: one per purpose, so a sealed access-key secret can never be read as a session token.
 */
export interface ServerKeys {
  /** AES-256-GCM key sealing access-key secrets at rest. */
  keySeal: Buffer;
  /** AES-256-GCM key sealing session tokens. */
  sessionSeal: Buffer;
  /** HMAC key deriving session secret access keys. */
  sessionSecret: Buffer;
}

export async function loadServerSecret(file: string, fromConfig: string | undefined): Promise<{ secret: Buffer; generated: boolean }> {
  if (fromConfig) return { secret: Buffer.from(fromConfig, 'utf8'), generated: false };
  try {
    const text = (await readFile(file, 'utf8')).trim();
    const secret = Buffer.from(text, 'base64url');
    if (secret.length < 32) throw new Error(`${file} must hold at least 32 bytes (base64url)`);
    return { secret, generated: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, secret.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another instance created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadServerSecret(file, undefined);
    throw err;
  }
  return { secret, generated: true };
}

export function deriveKeys(secret: Buffer): ServerKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'photocloud-s3', info, 32));
  return { keySeal: derive('access-key-seal'), sessionSeal: derive('session-token-seal'), sessionSecret: derive('session-secret') };
}

/** AES-256-GCM: base64url(iv | ciphertext | tag), bound to `aad`. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The plaintext, or null when the blob was tampered with or sealed for another aad/key. */
export function unseal(key: Buffer, sealed: string, aad: string): Buffer | null {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 12 + 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

export function hmacBase64(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64');
}
