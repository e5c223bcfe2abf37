/**
 * npm run bench:s3 — our S3 service next to a bare durable Node server (the ceiling) and s3rver
 * (a peer), each in its own process, driven by the same light signing client from this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { LightClient, type Target } from './light-client.ts';
import { measureMultipartAndSts, type MultipartStsRow } from './multipart-sts.ts';

const SMALL = 4 * 1024;
const BIG = 64 * 1024 * 1024;
const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BIG_COUNT = Number(process.env.BENCH_BIG_COUNT ?? 16); // 16 PUTs + 16 GETs of 64 MiB = 2 GiB moved

interface Row {
  name: string;
  putOps?: number;
  getOps?: number;
  putMBs?: number;
  getMBs?: number;
  rssMB?: number;
  idleRssMB?: number;
}

async function startServer(kind: string, dir: string): Promise<{ child: ChildProcess; target: Target }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bench-server.ts'), kind, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { child, target: JSON.parse(line) as Target };
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Runs `op` from `concurrency` workers for `seconds`; returns operations per second. */
async function rate(concurrency: number, seconds: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await op(done++);
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

async function measureLight(name: string, target: Target, pid: number): Promise<Row> {
  const idleRssMB = rssMB(pid);
  const client = new LightClient(target, CONCURRENCY);
  const small = randomBytes(SMALL);
  let written = 0;
  await rate(CONCURRENCY, 1, (i) => client.put(`warm/${i}`, small)); // warm-up: connections, JIT, caches
  const putOps = await rate(CONCURRENCY, SECONDS, async (i) => {
    await client.put(`small/${i}`, small);
    written = Math.max(written, i + 1);
  });
  const getOps = await rate(CONCURRENCY, SECONDS, (i) => client.get(`small/${i % written}`));

  const big = randomBytes(BIG);
  let peak = rssMB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMB(pid))), 50);
  let t = performance.now();
  for (let i = 0; i < BIG_COUNT; i++) await client.put(`big/${i}`, big);
  const putMBs = (BIG_COUNT * BIG) / 2 ** 20 / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < BIG_COUNT; i++) {
    const n = await client.get(`big/${i}`);
    if (n !== BIG) throw new Error(`${name}: GET big/${i} returned ${n} bytes`);
  }
  const getMBs = (BIG_COUNT * BIG) / 2 ** 20 / ((performance.now() - t) / 1000);
  clearInterval(sampler);
  await client.close();
  return { name, putOps, getOps, putMBs, getMBs, rssMB: peak, idleRssMB };
}

/** The AWS SDK's own figures against our server: the client, not the server, is the limit here. */
async function measureSdk(target: Target): Promise<Row> {
  const s3 = new S3Client({
    endpoint: target.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
  const small = randomBytes(SMALL);
  let written = 0;
  const putOps = await rate(CONCURRENCY, SECONDS, async (i) => {
    await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: `sdk/${i}`, Body: small }));
    written = Math.max(written, i + 1);
  });
  const getOps = await rate(CONCURRENCY, SECONDS, async (i) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: `sdk/${i % written}` }));
    await out.Body!.transformToByteArray();
  });
  s3.destroy();
  return { name: 'ours, @aws-sdk/client-s3', putOps, getOps };
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '—' : n.toFixed(digits));
const pct = (a: number | undefined, b: number | undefined) => (a && b ? `${((a / b) * 100).toFixed(0)}%` : '—');

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pc-bench-s3-'));
  const rows: Row[] = [];
  let extra: MultipartStsRow | undefined;
  try {
    for (const kind of ['ceiling', 'ours', 's3rver'] as const) {
      const { child, target } = await startServer(kind, join(root, kind));
      try {
        process.stderr.write(`measuring ${kind}…\n`);
        rows.push(await measureLight(kind, target, child.pid!));
        if (kind === 'ours') {
          rows.push(await measureSdk(target));
          extra = await measureMultipartAndSts(target, rate, CONCURRENCY, SECONDS);
        }
      } finally {
        child.kill('SIGTERM');
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const ceiling = rows.find((r) => r.name === 'ceiling')!;
  const ours = rows.find((r) => r.name === 'ours')!;
  const peer = rows.find((r) => r.name === 's3rver')!;
  const out = [
    `S3 benchmark: ${SMALL / 1024} KiB objects at concurrency ${CONCURRENCY} for ${SECONDS} s; ${BIG_COUNT} × ${BIG / 2 ** 20} MiB PUT then GET, one at a time`,
    '',
    '| server | PUT 4 KiB ops/s | GET 4 KiB ops/s | PUT 64 MiB MB/s | GET 64 MiB MB/s | RSS MB idle | peak RSS MB (big objects) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.putOps)} | ${fmt(r.getOps)} | ${fmt(r.putMBs)} | ${fmt(r.getMBs)} | ${fmt(r.idleRssMB)} | ${fmt(r.rssMB)} |`),
    '',
    '| ours vs | PUT 4 KiB | GET 4 KiB | PUT 64 MiB | GET 64 MiB |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| ceiling (target ≥ 70% / 70% / 85% / 85%) | ${pct(ours.putOps, ceiling.putOps)} | ${pct(ours.getOps, ceiling.getOps)} | ${pct(ours.putMBs, ceiling.putMBs)} | ${pct(ours.getMBs, ceiling.getMBs)} |`,
    `| s3rver (target ≥ 300% small) | ${pct(ours.putOps, peer.putOps)} | ${pct(ours.getOps, peer.getOps)} | ${pct(ours.putMBs, peer.putMBs)} | ${pct(ours.getMBs, peer.getMBs)} |`,
    '',
    `Server RSS target < 150 MB: ours peaked at ${fmt(ours.rssMB)} MB.`,
  ];
  if (extra) {
    const overhead = (root: number, sts: number) => `${(((root - sts) / root) * 100).toFixed(1)}%`;
    out.push(
      '',
      `Multipart: ${(Number(process.env.BENCH_MULTIPART_BYTES ?? 1024 ** 3) / 2 ** 20).toFixed(0)} MiB in 8 MiB parts, 4 parts in flight, then Complete (parts composed into one blob)`,
      '',
      '| | ours MB/s | ceiling MB/s (single PUT 64 MiB) | ours / ceiling |',
      '| --- | ---: | ---: | ---: |',
      `| multipart upload | ${fmt(extra.multipartMBs)} | ${fmt(ceiling.putMBs)} | ${pct(extra.multipartMBs, ceiling.putMBs)} |`,
      '',
      `Temporary credentials (STS session token, prefix policy evaluated per request) vs the root key, 4 KiB at concurrency ${CONCURRENCY}`,
      '',
      '| | root ops/s | STS ops/s | overhead (target < 10%) |',
      '| --- | ---: | ---: | ---: |',
      `| PUT 4 KiB | ${fmt(extra.rootPutOps)} | ${fmt(extra.stsPutOps)} | ${overhead(extra.rootPutOps, extra.stsPutOps)} |`,
      `| GET 4 KiB | ${fmt(extra.rootGetOps)} | ${fmt(extra.stsGetOps)} | ${overhead(extra.rootGetOps, extra.stsGetOps)} |`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
