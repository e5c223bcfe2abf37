/**
 * Child process for the S3 benchmark: starts one server kind and prints one JSON line with its
 * endpoint and credentials, so the load client runs in another process (on the other core).
 *   node --import tsx bench-server.ts <ours|s3rver|ceiling> <dataDir>
 */
import { mkdirSync } from 'node:fs';

// Each kind imports only its own modules, so RSS reflects that server alone.

const [kind, dir] = process.argv.slice(2);
if (!kind || !dir) throw new TypeError('usage: bench-server.ts <ours|s3rver|ceiling> <dataDir>');
mkdirSync(dir, { recursive: true });
const BUCKET = 'bench';
let info: { url: string; accessKeyId: string; secretAccessKey: string; bucket: string };

if (kind === 'ours') {
  const { createLogger, loadConfig } = await import('@photocloud/kit');
  const { s3ConfigSpec, startS3Service } = await import('../src/index.ts');
  const config = loadConfig(s3ConfigSpec, { DATA_DIR: dir, S3_PORT: '0', S3_BUCKET: BUCKET });
  const s3 = await startS3Service({ config, log: createLogger({ service: 's3', level: 'warn' }) });
  info = { url: s3.url, ...s3.rootKey, bucket: BUCKET };
} else if (kind === 's3rver') {
  // s3rver accepts the fixed S3RVER/S3RVER key.
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true, configureBuckets: [{ name: BUCKET }] });
  const addr = await server.run();
  info = { url: `http://127.0.0.1:${addr.port}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', bucket: BUCKET };
} else if (kind === 'ceiling') {
  const { listen } = await import('@photocloud/kit/http/listen');
  const { createCeilingServer } = await import('./ceiling-server.ts');
  const url = await listen(await createCeilingServer(dir), 0, '127.0.0.1');
  info = { url, accessKeyId: 'none', secretAccessKey: 'none', bucket: BUCKET };
} else {
  throw new TypeError(`unknown server kind ${kind}`);
}
process.stdout.write(`${JSON.stringify(info)}\n`);
