/**
 * npm run bench:auth — sign-ins per second (argon2-bound), access-token verifications per second with
 * kit's verifier and a warm JWKS cache, and the cost of a JWKS cache miss, each beside its ceiling and a peer.
 */
import { generateKeyPairSync, randomUUID, scrypt, sign, verify as edVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { verify as argonVerify } from '@node-rs/argon2';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, JWKS_PATH, type LoginResponse } from '@photocloud/contracts';
import { createAccessTokenVerifier, createLogger, openDb } from '@photocloud/kit';
import { loadAuthConfig } from '../src/config.ts';
import type { AuthDb } from '../src/db/schema.ts';
import { startAuthService } from '../src/main.ts';
import { ARGON2_PARAMS, PasswordService } from '../src/services/password.service.ts';
import { UserStore } from '../src/stores/user.store.ts';

const ISSUER = 'http://localhost:8080';
const PASSWORD = 'correct horse battery staple';
const rows: Array<{ what: string; figure: string; note: string }> = [];
const row = (what: string, figure: string, note = '') => rows.push({ what, figure, note });
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

/** Runs `fn` `n` times with `concurrency` in flight; returns elapsed ms. */
async function run(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
  return performance.now() - t0;
}

/** Runs `fn` sequentially for about `ms`; returns operations per second. */
async function timed(ms: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 100; i++) await fn();
    n += 100;
  }
  return (n / (performance.now() - t0)) * 1000;
}

const dir = mkdtempSync(join(tmpdir(), 'auth-bench-'));
const log = createLogger({ service: 'auth', level: 'warn' });
const config = loadAuthConfig({ DATA_DIR: dir, API_URL: ISSUER });
const unlimited = { max: 1e9, windowSec: 60 };
const svc = await startAuthService({
  config,
  log,
  rateLimits: {
    loginPerIp: unlimited, forgotPerIp: unlimited, forgotPerAccount: unlimited, magicLinkPerIp: unlimited,
    magicLinkPerAccount: unlimited, resendPerIp: unlimited, resendPerAccount: unlimited, registerPerIp: unlimited,
    registerPerAccount: unlimited, loginFailuresFree: 1e9,
  },
});
try {
  // Seed one account through the store (the bench measures sign-in, not the mail round trip).
  const db = await openDb<AuthDb>({ url: undefined, sqlitePath: join(dir, 'auth', 'auth.db'), schema: 'auth' });
  const passwords = new PasswordService();
  const now = new Date().toISOString();
  await new UserStore(db.db).create({
    id: randomUUID(), email: 'bench@example.com', emailVerifiedAt: now, username: null, passwordHash: await passwords.hash(PASSWORD),
    firstName: null, lastName: null, phoneNumber: null, birthDate: null, googleId: null, locale: null, createdAt: now, updatedAt: now,
  });
  await db.close();

  // 1. Sign-ins over HTTP against the argon2 ceiling and a peer KDF.
  const stored = await passwords.hash(PASSWORD);
  const login = async () => {
    const res = await fetch(`${svc.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    return (await res.json()) as LoginResponse;
  };
  await login();
  const params = `argon2id m=${ARGON2_PARAMS.memoryCost} KiB, t=${ARGON2_PARAMS.timeCost}, p=${ARGON2_PARAMS.parallelism}`;
  const N = 60;
  row('POST /auth/login, 1 at a time', rate(N, await run(N, 1, login)), params);
  row('POST /auth/login, 4 in flight', rate(N, await run(N, 4, login)), `libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads, ${availableParallelism()} cores`);
  row('  ceiling: argon2id verify alone, 1 at a time', rate(N, await run(N, 1, () => argonVerify(stored, PASSWORD))), 'same parameters, no HTTP/DB/JWT');
  row('  ceiling: argon2id verify alone, 4 in flight', rate(N, await run(N, 4, () => argonVerify(stored, PASSWORD))), '');
  const scryptOnce = () => new Promise<void>((resolve, reject) => scrypt(PASSWORD, 'salt-salt-salt', 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (e) => (e ? reject(e) : resolve())));
  row('  peer: node scrypt (OWASP N=2^17, r=8, p=1)', rate(20, await run(20, 1, scryptOnce)), 'the other OWASP-listed KDF, same machine');

  // 1b. Answers must not reveal whether an account exists, by status or by time.
  const post = async (path: string, body: unknown, expect: number) => {
    const res = await fetch(`${svc.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    if (res.status !== expect) throw new Error(`${path} answered ${res.status}`);
  };
  // An attacker probes one address many times, so the unknown side repeats one address too (its earlier
  // links then exist and are voided, as for the known account); only register needs a new one each time.
  let u = 0;
  const fresh = () => `nobody.${u++}@example.com`;
  const unknown = () => 'nobody@example.com';
  /** Interleaves the two kinds of request so machine noise hits both alike; reports each one's median. */
  const pair = async (what: string, known: () => Promise<void>, other: () => Promise<void>, n: number) => {
    const ka: number[] = [];
    const kb: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await known();
      const t1 = performance.now();
      await other();
      ka.push(t1 - t0);
      kb.push(performance.now() - t1);
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1]!;
    const a = median(ka);
    const b = median(kb);
    row(`${what}: known vs unknown`, `${a.toFixed(1)} / ${b.toFixed(1)} ms`, `medians; same status and body; difference ${(((a - b) / b) * 100).toFixed(0)}%`);
  };
  await pair('timing POST /auth/login (wrong password)', () => post('/auth/login', { email: 'bench@example.com', password: 'wrong password' }, 401), () => post('/auth/login', { email: unknown(), password: 'wrong password' }, 401), 30);
  await pair('timing POST /auth/register', () => post('/auth/register', { email: 'bench@example.com', password: PASSWORD }, 202), () => post('/auth/register', { email: fresh(), password: PASSWORD }, 202), 30);
  await pair('timing POST /auth/password/forgot', () => post('/auth/password/forgot', { email: 'bench@example.com' }, 202), () => post('/auth/password/forgot', { email: unknown() }, 202), 200);
  await pair('timing POST /auth/magic-link/request', () => post('/auth/magic-link/request', { email: 'bench@example.com' }, 202), () => post('/auth/magic-link/request', { email: unknown() }, 202), 200);

  // 2. Verifications with kit's verifier and a warm JWKS cache (one core: this loop is single-threaded).
  const { accessToken } = await login();
  const jwksUrl = `${svc.url}${JWKS_PATH}`;
  const verifier = createAccessTokenVerifier({ jwks: jwksUrl, issuer: ISSUER });
  const uncached = createAccessTokenVerifier({ jwks: jwksUrl, issuer: ISSUER, cacheSize: 0 });
  await verifier(accessToken);
  await uncached(accessToken);
  row('kit verifier, EdDSA, warm JWKS, repeat token', `${Math.round(await timed(2000, () => verifier(accessToken))).toLocaleString('en-US')}/s`, 'target ≥ 20,000/s on one core; the gateway case');
  row('kit verifier, EdDSA, warm JWKS, cache off', `${Math.round(await timed(2000, () => uncached(accessToken))).toLocaleString('en-US')}/s`, 'every token checked: signature + claims');
  const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const edToken = await new SignJWT({ sid: 's' }).setProtectedHeader({ alg: 'EdDSA' }).setSubject('u').setIssuer(ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE).setIssuedAt().setExpirationTime('15m').sign(ed.privateKey);
  const opts = { issuer: ISSUER, audience: ACCESS_TOKEN_AUDIENCE, algorithms: ['EdDSA', 'ES256'] };
  row('  ceiling: jose jwtVerify, local Ed25519 key', `${Math.round(await timed(2000, () => jwtVerify(edToken, ed.publicKey, opts))).toLocaleString('en-US')}/s`, 'no key lookup');
  const raw = generateKeyPairSync('ed25519');
  const msg = Buffer.from(edToken.split('.').slice(0, 2).join('.'));
  const sig = sign(null, msg, raw.privateKey);
  row('  ceiling: node crypto Ed25519 verify only', `${Math.round(await timed(2000, async () => edVerify(null, msg, raw.publicKey, sig))).toLocaleString('en-US')}/s`, 'signature check, no JWT parsing');
  const es = await generateKeyPair('ES256');
  const esToken = await new SignJWT({ sid: 's' }).setProtectedHeader({ alg: 'ES256' }).setSubject('u').setIssuer(ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE).setIssuedAt().setExpirationTime('15m').sign(es.privateKey);
  row('  peer: jose jwtVerify, ES256 local key', `${Math.round(await timed(2000, () => jwtVerify(esToken, es.publicKey, opts))).toLocaleString('en-US')}/s`, 'the other allowed algorithm');

  // 3. JWKS cache miss: a fresh verifier fetches the key set over HTTP before its first check.
  const M = 200;
  const missMs = (await run(M, 1, () => createAccessTokenVerifier({ jwks: jwksUrl, issuer: ISSUER })(accessToken))) / M;
  const warmMs = 1000 / (await timed(500, () => uncached(accessToken)));
  row('JWKS cache miss (fresh verifier, HTTP fetch)', `${(missMs * 1000).toFixed(0)} µs`, `vs ${(warmMs * 1000).toFixed(1)} µs warm (cache off): ${Math.round(missMs / warmMs)}×`);
  const jwksFetch = (await run(M, 1, async () => (await fetch(jwksUrl)).json())) / M;
  row('  of which GET /.well-known/jwks.json', `${(jwksFetch * 1000).toFixed(0)} µs`, `keys: ${JSON.stringify((await (await fetch(jwksUrl)).json()).keys.length)}; Cache-Control max-age=300`);
} finally {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
}

const w = Math.max(...rows.map((r) => r.what.length));
const f = Math.max(...rows.map((r) => r.figure.length));
process.stdout.write(`\nauth benchmark — Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}\n\n`);
process.stdout.write(`${'measure'.padEnd(w)}  ${'figure'.padStart(f)}  note\n${'-'.repeat(w + f + 30)}\n`);
for (const r of rows) process.stdout.write(`${r.what.padEnd(w)}  ${r.figure.padStart(f)}  ${r.note}\n`);
