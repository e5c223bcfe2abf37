import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface RootKey {
  accessKeyId: string;
  secretAccessKey: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomKeyId(): string {
  const bytes = randomBytes(16);
  return 'PC' + Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join('').slice(0, 18);
}

/**
 * The root key: from config when both parts are given, else the pair kept in `file`,
 * generated (mode 0600) on first start.
 */
export async function loadRootKey(
  file: string,
  fromConfig: { accessKey?: string | undefined; secretKey?: string | undefined },
): Promise<{ key: RootKey; generated: boolean; fromFile: boolean }> {
  if (fromConfig.accessKey && fromConfig.secretKey) {
    return { key: { accessKeyId: fromConfig.accessKey, secretAccessKey: fromConfig.secretKey }, generated: false, fromFile: false };
  }
  if (fromConfig.accessKey || fromConfig.secretKey) throw new Error('S3_ACCESS_KEY and S3_SECRET_KEY must be set together');
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<RootKey>;
    if (typeof saved.accessKeyId === 'string' && typeof saved.secretAccessKey === 'string') {
      return { key: { accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey }, generated: false, fromFile: true };
    }
    throw new Error(`${file} does not hold an accessKeyId and a secretAccessKey`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key: RootKey = { accessKeyId: randomKeyId(), secretAccessKey: randomBytes(30).toString('base64url') };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(key, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generated: true, fromFile: true };
}
