import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { signRequest } from '@photocloud/sigv4';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { listFiles } from '../helpers.ts';

const KEY = { accessKeyId: 'CRASHTESTKEY', secretAccessKey: 'crash-test-secret-key' };
const ENTRY = join(import.meta.dirname, 'server-entry.ts');

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, S3_PORT: '0', S3_ACCESS_KEY: KEY.accessKeyId, S3_SECRET_KEY: KEY.secretAccessKey, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, url: (JSON.parse(line) as { url: string }).url }));
  });
}

/** Deterministic content for (key, version): every version differs, sizes from 64 KiB to ~2 MiB. */
function content(key: string, version: number): Buffer {
  const size = 64 * 1024 * (1 + ((key.length * 7 + version * 13) % 32));
  const seed = createHash('sha256').update(`${key}#${version}`).digest();
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i += seed.length) seed.copy(buf, i);
  return buf;
}

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

/**
 * PUT streamed in 64 KiB pieces a few ms apart, so the kill lands in the middle of bodies and commits.
 * With `hold`, the last piece waits for it: that body is still open whenever the kill comes.
 */
function slowPut(url: string, key: string, body: Buffer, hold?: Promise<void>): Promise<number> {
  const path = `/photocloud/${encodeURIComponent(key)}`;
  const headers = { 'content-length': String(body.length) };
  const signed = signRequest({ ...KEY, method: 'PUT', url: url + path, headers, payloadHash: 'UNSIGNED-PAYLOAD', region: 'us-east-1', service: 's3', now: new Date() });
  return new Promise((resolve) => {
    const req = request(url + path, { method: 'PUT', headers: { ...headers, ...signed } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    void (async () => {
      for (let i = 0; i < body.length; i += 64 * 1024) {
        if (hold && i + 64 * 1024 >= body.length) await hold;
        if (!req.write(body.subarray(i, i + 64 * 1024))) await new Promise((r) => req.once('drain', r));
        await sleep(5);
      }
      req.end();
    })().catch(() => resolve(0));
  });
}

forEachDialect('S3 crash safety (SIGKILL during uploads)', (ctx) => {
  let child: ChildProcess | undefined;
  after(() => {
    child?.kill('SIGKILL');
  });

  it('leaves every object absent or complete and byte-exact, with no temp or orphan files', async () => {
    const dataDir = join(ctx.dir, 'data');
    const env = { DATA_DIR: dataDir, ...(ctx.url ? { DATABASE_URL: ctx.url } : {}) };
    const first = await startChild(env);
    child = first.child;
    const keys = Array.from({ length: 12 }, (_, i) => `crash/${i}/object-${'x'.repeat(i)}.bin`);
    // Acknowledged before the crash: these must survive.
    const durable = new Map<string, string>();
    for (const key of keys.slice(0, 4)) {
      const body = content(key, 0);
      assert.equal(await slowPut(first.url, key, body), 200);
      durable.set(key, md5(body));
    }
    // Then many concurrent uploads, three versions per key (overwrites included), killed mid-flight.
    const versions = new Map<string, Set<string>>();
    const inFlight: Promise<number>[] = [];
    // A few bodies keep their last piece until after the kill: however slow the machine, some
    // uploads are cut mid-body, whatever the others did meanwhile.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    keys.forEach((key, k) => {
      const seen = new Set<string>(durable.has(key) ? [durable.get(key)!] : []);
      for (let v = 1; v <= 3; v++) {
        const body = content(key, v);
        seen.add(md5(body));
        inFlight.push(slowPut(first.url, key, body, v === 3 && k % 3 === 0 ? held : undefined));
      }
      versions.set(key, seen);
    });
    // Kill once commits have started (the first upload is done) while most bodies are still streaming.
    await Promise.race(inFlight);
    await sleep(Math.floor(Math.random() * 30));
    first.child.kill('SIGKILL');
    release();
    const statuses = await Promise.all(inFlight);
    assert.ok(statuses.some((s) => s === 0), 'some uploads were cut by the kill');

    const second = await startChild(env);
    child = second.child;
    let present = 0;
    for (const key of keys) {
      const res = await rawGet(second.url, key);
      if (res.status === 404) {
        assert.ok(!durable.has(key), `${key} was acknowledged before the crash and must survive`);
        continue;
      }
      assert.equal(res.status, 200);
      present++;
      assert.ok(versions.get(key)!.has(md5(res.body)), `${key} holds one complete version, byte-exact`);
    }
    assert.deepEqual(listFiles(join(dataDir, 's3', 'tmp')), []);
    assert.equal(listFiles(join(dataDir, 's3', 'blobs')).length, present, 'one blob per object, no orphans');
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    child = undefined;
  });
});

async function rawGet(url: string, key: string): Promise<{ status: number; body: Buffer }> {
  const path = `/photocloud/${encodeURIComponent(key)}`;
  const res = await fetch(url + path, { headers: signRequest({ ...KEY, method: 'GET', url: url + path, payloadHash: 'UNSIGNED-PAYLOAD', region: 'us-east-1', service: 's3', now: new Date() }) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}
