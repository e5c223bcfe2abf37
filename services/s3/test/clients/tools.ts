import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a real client program; never through a shell, so keys with odd characters pass verbatim. */
export function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Like run, but a non-zero exit fails with the program's own words. */
export async function ok(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const r = await run(cmd, args, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** The Debian build of a tool when present (what CI installs), else whatever PATH has. */
export function debianOr(path: string, fallback: string): string {
  return existsSync(path) ? path : fallback;
}

/** A folder of files whose names real clients must carry exactly: spaces, +, %, unicode, nesting. */
export const TREE: Record<string, number> = {
  'photo 1.jpg': 300_000,
  'a+b/c%d.txt': 1_000,
  'émoji 📷.bin': 20_000,
  '2024/05/IMG_0001.HEIC': 2_500_000,
  'deep/er/still/file.bin': 5_000_000,
  'empty.txt': 0,
};

export function makeTree(root: string): Record<string, string> {
  const md5s: Record<string, string> = {};
  for (const [name, size] of Object.entries(TREE)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    const data = randomBytes(size);
    writeFileSync(path, data);
    md5s[name] = md5(data);
  }
  return md5s;
}

/** Relative path → MD5 of every file under root. */
export function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = md5(readFileSync(path));
    }
  };
  walk(root);
  return out;
}

export const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** Environment that configures an rclone remote `pc:` for an S3 endpoint, with no config file of the user's. */
export function rcloneEnv(opts: {
  dir: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): Record<string, string | undefined> {
  return {
    // rclone refuses to start when AWS_CA_BUNDLE names a bundle it cannot load.
    AWS_CA_BUNDLE: undefined,
    RCLONE_CONFIG: join(opts.dir, 'rclone.conf'),
    RCLONE_CONFIG_PC_TYPE: 's3',
    RCLONE_CONFIG_PC_PROVIDER: 'Other',
    RCLONE_CONFIG_PC_ENDPOINT: opts.endpoint,
    RCLONE_CONFIG_PC_ACCESS_KEY_ID: opts.accessKeyId,
    RCLONE_CONFIG_PC_SECRET_ACCESS_KEY: opts.secretAccessKey,
    ...(opts.sessionToken ? { RCLONE_CONFIG_PC_SESSION_TOKEN: opts.sessionToken } : {}),
    RCLONE_CONFIG_PC_REGION: 'us-east-1',
    RCLONE_CONFIG_PC_FORCE_PATH_STYLE: 'true',
  };
}
