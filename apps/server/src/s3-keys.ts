import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '@photocloud/kit';
import { AdminApiError, S3AdminClient } from '@photocloud/s3/admin-client';
import { loadS3Config } from '@photocloud/s3/config';

export const S3_KEYS_USAGE = `Usage: photocloud s3 keys <command> [options]

Commands:
  create --owner <id> --policy <file.json | JSON> [--description <text>]
                        Create an access key for a principal with an IAM-style policy; prints the secret once.
  list [--owner <id>]   List access keys (ids, owners, descriptions, policies; never secrets).
  revoke <access-key-id>
                        Delete a key; requests signed with it fail from the next one on.
  revoke-sessions <principal>
                        Refuse every temporary credential of a principal issued until now.

Options:
  --url <url>           S3 service URL (default: http://S3_HOST:S3_PORT).
The root key comes from S3_ACCESS_KEY / S3_SECRET_KEY or DATA_DIR/s3/root-key.json.`;

async function rootKey(config: ReturnType<typeof loadS3Config>): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  if (config.accessKey && config.secretKey) return { accessKeyId: config.accessKey, secretAccessKey: config.secretKey };
  const file = join(resolve(config.dataDir), 's3', 'root-key.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
  } catch {
    throw new Error(`no root key: set S3_ACCESS_KEY and S3_SECRET_KEY, or start the server once to create ${file}`);
  }
}

async function readPolicy(value: string): Promise<unknown> {
  const text = value.trim().startsWith('{') ? value : await readFile(value, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`--policy is not valid JSON${text === value ? '' : ` (${value})`}`);
  }
}

/** `photocloud s3 keys …`: talks to the running S3 service's admin API with the root key. Returns the exit code. */
export async function runS3Keys(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { owner: { type: 'string' }, policy: { type: 'string' }, description: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [group, command, arg] = positionals;
  if (values.help || group !== 'keys' || !command) {
    process.stdout.write(`${S3_KEYS_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  loadDotEnv();
  const config = loadS3Config();
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const client = new S3AdminClient({ url: values.url ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`, region: config.region, ...(await rootKey(config)) });
  try {
    if (command === 'create') {
      if (!values.owner || !values.policy) throw new Error('create needs --owner and --policy');
      const key = await client.createKey({ owner: values.owner, policy: await readPolicy(values.policy), description: values.description ?? '' });
      process.stdout.write(`${JSON.stringify(key, null, 2)}\n`);
    } else if (command === 'list') {
      for (const k of await client.listKeys(values.owner)) {
        process.stdout.write(`${k.accessKeyId}  ${k.owner.padEnd(24)} ${k.createdAt}  ${k.description}\n`);
      }
    } else if (command === 'revoke' && arg) {
      await client.revokeKey(arg);
      process.stdout.write(`revoked ${arg}\n`);
    } else if (command === 'revoke-sessions' && arg) {
      await client.revokeSessions(arg);
      process.stdout.write(`temporary credentials of ${arg} issued until now are refused\n`);
    } else {
      process.stderr.write(`${S3_KEYS_USAGE}\n`);
      return 2;
    }
    return 0;
  } catch (err) {
    const message = err instanceof AdminApiError ? `${err.code}: ${err.message}` : (err as Error).message;
    process.stderr.write(`photocloud s3 keys: ${message}\n`);
    return 1;
  }
}
