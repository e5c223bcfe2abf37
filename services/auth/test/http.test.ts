import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { createAccessTokenVerifier, createLogger, ManualClock } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { ACCESS_TOKEN_AUDIENCE, JWKS_PATH, type LoginResponse, type User } from '@photocloud/contracts';
import { loadAuthConfig } from '../src/config.ts';
import { startAuthService, type RunningAuthService } from '../src/main.ts';
import { API_URL, GOOD_PASSWORD, RELAXED, uniqueEmail } from './harness.ts';
import { TestSmtpServer } from './smtp.ts';

const DAY = 86_400_000;

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

function refreshCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('pc_refresh='));
  return set ? set.split(';')[0]! : '';
}

forEachDialect('auth service over real HTTP', (ctx) => {
  let smtp: TestSmtpServer;
  let svc: RunningAuthService;
  const clock = new ManualClock();
  before(async () => {
    smtp = await new TestSmtpServer().start();
    const config = loadAuthConfig({
      DATA_DIR: ctx.dir,
      ...(ctx.url ? { DATABASE_URL: ctx.url } : {}),
      API_URL,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      ACCESS_TOKEN_TTL: '600',
    });
    svc = await startAuthService({ config, log: createLogger({ service: 'auth', level: 'silent' }), clock, rateLimits: RELAXED });
  });
  after(async () => {
    await svc.close();
    await smtp.stop();
  });

  it('registers by mail, signs in, refreshes with the cookie and serves /auth/me over HTTP', async () => {
    assert.match(svc.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const email = uniqueEmail('http');
    assert.equal((await postJson(`${svc.url}/auth/register`, { email, password: GOOD_PASSWORD })).status, 202);
    const mail = await smtp.next(email);
    const verified = await postJson(`${svc.url}${mail.path}`, { token: mail.token });
    assert.equal(verified.status, 200);
    const login = (await verified.json()) as LoginResponse;
    const me = await fetch(`${svc.url}/auth/me`, { headers: { authorization: `Bearer ${login.accessToken}` } });
    assert.equal(((await me.json()) as User).id, login.user.id);
    const refreshed = await postJson(`${svc.url}/auth/refresh`, {}, { cookie: refreshCookie(verified) });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshCookie(refreshed), refreshCookie(verified));
    const viaLogin = await postJson(`${svc.url}/login`, { email, password: GOOD_PASSWORD });
    assert.equal(viaLogin.status, 200);
    assert.equal((await fetch(`${svc.url}/readyz`)).status, 200);
  });

  it('issues tokens that pass the kit verifier with the JWKS fetched over HTTP, and old keys verify until their tokens expire', async () => {
    const jwksUrl = `${svc.url}${JWKS_PATH}`;
    const jwksRes = await fetch(jwksUrl);
    assert.match(jwksRes.headers.get('cache-control') ?? '', /max-age=\d+/);
    const before = (await jwksRes.json()) as { keys: Array<{ kid: string; alg: string; crv: string; d?: string }> };
    assert.equal(before.keys[0]?.alg, 'EdDSA');
    assert.equal(before.keys[0]?.crv, 'Ed25519');
    assert.ok(before.keys.every((k) => k.d === undefined), 'no private parts in the JWKS');

    const first = await signIn();
    const verify = createAccessTokenVerifier({ jwks: jwksUrl, issuer: API_URL });
    const claims = await verify(first.accessToken);
    assert.equal(claims.sub, first.user.id);
    assert.equal(claims.aud, ACCESS_TOKEN_AUDIENCE);
    assert.equal(claims.iss, API_URL);
    assert.equal(claims.exp - claims.iat, 600);
    assert.ok(claims.sid);
    await assert.rejects(createAccessTokenVerifier({ jwks: jwksUrl, issuer: 'https://elsewhere.example' })(first.accessToken));

    // Past the rotation: a new key signs, the old one is still published for the old tokens.
    clock.advance(30 * DAY + 1000);
    const second = await signIn();
    const kid1 = decodeProtectedHeader(first.accessToken).kid;
    const kid2 = decodeProtectedHeader(second.accessToken).kid;
    assert.notEqual(kid1, kid2);
    const fresh = createAccessTokenVerifier({ jwks: jwksUrl, issuer: API_URL });
    assert.equal((await fresh(first.accessToken)).sub, first.user.id);
    assert.equal((await fresh(second.accessToken)).sub, second.user.id);
    const published = ((await (await fetch(jwksUrl)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    assert.deepEqual(new Set(published), new Set([kid1, kid2]));

    // Once every token of the old key has expired (TTL + margin), it leaves the JWKS.
    clock.advance(600_000 + 5 * 60_000 + 1000);
    const later = createAccessTokenVerifier({ jwks: jwksUrl, issuer: API_URL });
    await assert.rejects(later(first.accessToken));
    assert.equal((await later(second.accessToken)).sub, second.user.id);
  });

  it('kit verifier cache: a remembered token still expires on time, and a tampered copy is still refused', async () => {
    const jwksUrl = `${svc.url}${JWKS_PATH}`;
    const verify = createAccessTokenVerifier({ jwks: jwksUrl, issuer: API_URL });
    // Issued 595 s ago by the clock (TTL 600 s): five seconds of life left in real time.
    clock.advance(-595_000 + (Date.now() - clock.now().getTime()));
    const token = (await signIn()).accessToken;
    clock.advance(595_000);
    const claims = await verify(token);
    assert.ok(await verify(token), 'served from the cache');
    const [h, p, sig] = token.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    await assert.rejects(verify(flipped), { code: 'UNAUTHENTICATED' });
    await new Promise((r) => setTimeout(r, Math.max(0, claims.exp * 1000 - Date.now()) + 200));
    await assert.rejects(verify(token), (err: Error) => /expired/.test(err.message));
  });

  async function signIn(): Promise<LoginResponse> {
    const email = uniqueEmail('rot');
    await postJson(`${svc.url}/auth/magic-link/request`, { email });
    const mail = await smtp.next(email);
    return (await (await postJson(`${svc.url}${mail.path}`, { token: mail.token })).json()) as LoginResponse;
  }
});

forEachDialect('auth service without SMTP', (ctx) => {
  it('writes the sign-in link to the log so a one-machine install still works', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const config = loadAuthConfig({ DATA_DIR: ctx.dir, ...(ctx.url ? { DATABASE_URL: ctx.url } : {}), API_URL });
    const svc = await startAuthService({ config, log: createLogger({ service: 'auth', destination }) });
    try {
      const email = uniqueEmail('nosmtp');
      assert.equal((await postJson(`${svc.url}/auth/magic-link/request`, { email })).status, 202);
      let link: URL | undefined;
      for (let i = 0; i < 50 && !link; i++) {
        const hit = lines.map((l) => JSON.parse(l) as { link?: string; to?: string; level: number }).find((l) => l.to === email && l.link);
        if (hit) {
          assert.equal(hit.level, 30, 'info level');
          link = new URL(hit.link!);
        } else await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(link, 'the link was logged');
      const res = await postJson(`${svc.url}${link.pathname}`, { token: link.searchParams.get('token') });
      assert.equal(res.status, 200);
      assert.ok(lines.some((l) => l.includes('generated JWT_SECRET')));
    } finally {
      await svc.close();
    }
  });
});
