import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

const BIN = join(import.meta.dirname, '..', 'bin', 'photocloud.mjs');

function photocloud(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function collect(child: ChildProcess): { out: () => string; exit: Promise<number | null> } {
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { out: () => text, exit };
}

async function waitFor(get: () => string, pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const m = pattern.exec(get());
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern}; output so far:\n${get()}`);
}

describe('photocloud serve (the README start command)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pc-serve-'));
  let child: ChildProcess;
  let run: ReturnType<typeof collect>;
  let gateway = '';
  let s3 = '';

  before(async () => {
    child = photocloud(['serve'], { DATA_DIR: dataDir, PORT: '0', S3_PORT: '0', API_URL: 'http://localhost:8080' });
    run = collect(child);
    gateway = (await waitFor(run.out, /listening on (http:\/\/\S+)\)/))[1]!;
    s3 = (await waitFor(run.out, /S3 endpoint\s+(http:\/\/\S+)/))[1]!;
  });
  after(() => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says where the app, the S3 endpoint and the root key are', () => {
    assert.match(run.out(), /PhotoCloud is running/);
    assert.match(run.out(), new RegExp(`S3 root key\\s+${join(dataDir, 's3', 'root-key.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(run.out(), /Metadata\s+SQLite under /);
  });

  it('is healthy and ready, every service included', async () => {
    assert.equal((await fetch(`${gateway}/healthz`)).status, 200);
    const ready = await fetch(`${gateway}/readyz`);
    const body = (await ready.json()) as { checks: Record<string, string> };
    assert.equal(ready.status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body.checks).sort(), ['auth', 'gallery']);
  });

  it('serves the S3 API with the generated root key, bucket created', async () => {
    const key = JSON.parse(readFileSync(join(dataDir, 's3', 'root-key.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    const client = new S3Client({ endpoint: s3, region: 'us-east-1', forcePathStyle: true, credentials: key });
    const out = await client.send(new ListBucketsCommand({}));
    assert.deepEqual(out.Buckets?.map((b) => b.Name), ['photocloud']);
    client.destroy();
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    assert.equal(await run.exit, 0);
    assert.doesNotMatch(run.out(), /"level":50/, 'no error logged while stopping');
  });
});

describe('photocloud with bad input', () => {
  it('stops at start-up with one line per bad variable, naming it and what it expects', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pc-serve-bad-'));
    const run = collect(photocloud(['serve'], { DATA_DIR: dataDir, PORT: 'eighty', S3_PORT: '70000' }));
    assert.equal(await run.exit, 78);
    assert.match(run.out(), /^ {2}PORT="eighty" is invalid: expected an integer from 0 to 65535/m);
    assert.match(run.out(), /^ {2}S3_PORT="70000" is invalid: expected an integer from 0 to 65535/m);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rejects an unknown command or service name with usage', async () => {
    const a = collect(photocloud(['frobnicate'], {}));
    assert.equal(await a.exit, 2);
    assert.match(a.out(), /unknown command "frobnicate"[\s\S]*Usage: photocloud/);
    const b = collect(photocloud(['serve', '--only', 'nope'], {}));
    assert.equal(await b.exit, 2);
    assert.match(b.out(), /--only takes one of gateway, auth, gallery, s3/);
  });

  it('lists the configuration', async () => {
    const run = collect(photocloud(['config'], {}));
    assert.equal(await run.exit, 0);
    for (const name of ['PORT', 'S3_PORT', 'DATABASE_URL', 'DATA_DIR']) assert.match(run.out(), new RegExp(`\\b${name}\\b`));
  });
});

describe('photocloud serve --only s3', () => {
  it('runs the S3 service alone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pc-serve-s3-'));
    const child = photocloud(['serve', '--only', 's3'], { DATA_DIR: dataDir, S3_PORT: '0' });
    const run = collect(child);
    try {
      const url = (await waitFor(run.out, /S3 endpoint\s+(http:\/\/\S+)/))[1]!;
      const res = await fetch(url);
      assert.equal(res.status, 403, 'anonymous requests are denied');
      assert.match(await res.text(), /<Code>AccessDenied<\/Code>/);
      assert.doesNotMatch(run.out(), /Web app and API/);
    } finally {
      child.kill('SIGTERM');
      await run.exit;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
