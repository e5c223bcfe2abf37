import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, listen } from '@photocloud/kit';
import { s3ConfigSpec, startS3Service } from '../src/index.ts';
import { createCeilingServer } from './ceiling-server.ts';
import { LightClient } from './light-client.ts';
const kind = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'pcq-'));
let target: any;
if (kind === 'ours') {
  const s3 = await startS3Service({ config: loadConfig(s3ConfigSpec, { DATA_DIR: dir, S3_PORT: '0', S3_BUCKET: 'bench' }), log: createLogger({ service: 's3', level: 'warn' }) });
  target = { url: s3.url, ...s3.rootKey, bucket: 'bench' };
} else {
  target = { url: await listen(await createCeilingServer(dir), 0, '127.0.0.1'), accessKeyId: 'x', secretAccessKey: 'x', bucket: 'bench' };
}
const c = new LightClient(target, 16);
const body = randomBytes(4096);
async function rate(op: (i: number) => Promise<unknown>) {
  const end = performance.now() + 3000; let n = 0; const s = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => { while (performance.now() < end) await op(n++); }));
  return n / ((performance.now() - s) / 1000);
}
const put = process.env.ONLY_BIG ? 0 : await rate((i) => c.put(`k${i % 500}`, body));
const get = process.env.ONLY_PUT || process.env.ONLY_BIG ? 0 : await rate((i) => c.get(`k${i % 500}`));
if (process.env.ONLY_SMALL) { process.stdout.write(`${kind}: put ${put.toFixed(0)} get ${get.toFixed(0)}\n`); process.exit(0); }
const big = randomBytes(64 * 1024 * 1024);
let t = performance.now(); for (let i = 0; i < 3; i++) await c.put(`big${i}`, big); const putMB = 3 * 64 / ((performance.now() - t) / 1000);
t = performance.now(); for (let i = 0; i < 3; i++) await c.get(`big${i}`); const getMB = 3 * 64 / ((performance.now() - t) / 1000);
process.stdout.write(`${kind}: put ${put.toFixed(0)} ops/s, get ${get.toFixed(0)} ops/s, 64MiB put ${putMB.toFixed(0)} MB/s, get ${getMB.toFixed(0)} MB/s\n`);
process.exit(0);
