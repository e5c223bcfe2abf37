import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ManualClock } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { ActiveSession, EndedSessionsResponse, LoginResponse } from '@photocloud/contracts';
import { bearer, cookieValue, GOOD_PASSWORD, post, registerAndVerify, startHarness, type Harness } from './harness.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

const code = (res: { json: () => unknown }): string => (res.json() as { error: { code: string } }).error.code;

forEachDialect('session list', (ctx) => {
  let h: Harness;
  const clock = new ManualClock();
  before(async () => {
    h = await startHarness(ctx, { clock });
  });
  after(() => h.close());

  /** A password sign-in from another device (its user agent and address, as the gateway forwards them). */
  async function signInFrom(email: string, userAgent: string, ip = '198.51.100.7'): Promise<{ login: LoginResponse; refresh: string }> {
    const res = await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD }, { headers: { 'user-agent': userAgent, 'x-forwarded-for': ip } });
    assert.equal(res.statusCode, 200, res.body);
    return { login: res.json<LoginResponse>(), refresh: cookieValue(res) };
  }

  const list = async (token: string): Promise<ActiveSession[]> => {
    const res = await h.app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(token) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    return res.json<ActiveSession[]>();
  };
  const revoke = (token: string, id: string) => h.app.inject({ method: 'DELETE', url: `/auth/sessions/${id}`, headers: bearer(token) });
  const refresh = (cookie: string) => post(h.app, '/auth/refresh', undefined, { cookies: { pc_refresh: cookie } });

  it('lists the signed-in devices with how they signed in, the browser, system, address and which one is asking', async () => {
    const { login, email } = await registerAndVerify(h);
    clock.advance(60_000);
    const phone = await signInFrom(email, IPHONE, '203.0.113.9');
    const mine = await list(login.accessToken);
    assert.equal(mine.length, 2);
    // Most recently used first: the phone signed in a minute later.
    const [fromPhone, here] = mine as [ActiveSession, ActiveSession];
    assert.equal(fromPhone.id, (await list(phone.login.accessToken)).find((s) => s.current)!.id);
    assert.equal(fromPhone.current, false);
    assert.equal(fromPhone.method, 'password');
    assert.deepEqual(fromPhone.device, { browser: 'Safari 17', os: 'iOS 17.5', type: 'mobile' });
    assert.equal(fromPhone.userAgent, IPHONE);
    assert.equal(fromPhone.ip, '203.0.113.9');
    assert.ok(fromPhone.lastUsedAt > here.lastUsedAt);
    assert.equal(here.current, true);
    assert.equal(here.method, 'email_verify');
    assert.equal(Date.parse(here.createdAt) <= Date.parse(here.lastUsedAt), true);

    // A refresh moves "last active" forward; Windows' frozen version is not shown.
    const desk = await signInFrom(email, FIREFOX_WINDOWS);
    clock.advance(5 * 60_000);
    assert.equal((await refresh(desk.refresh)).statusCode, 200);
    const after = await list(login.accessToken);
    assert.equal(after.length, 3);
    assert.deepEqual(after[0]!.device, { browser: 'Firefox 133', os: 'Windows', type: 'desktop' });
    assert.equal(after[0]!.lastUsedAt, clock.now().toISOString());
  });

  it('shows a client without a browser user agent (a CLI) as an unknown device, and never another user\'s sessions', async () => {
    const a = await registerAndVerify(h);
    const b = await registerAndVerify(h);
    await signInFrom(b.email, 'photocloud-cli/0.1');
    const ofB = await list(b.login.accessToken);
    assert.equal(ofB.length, 2);
    assert.deepEqual(ofB.find((s) => !s.current)!.device, { browser: null, os: null, type: null });
    const ofA = await list(a.login.accessToken);
    assert.equal(ofA.length, 1);
    assert.ok(ofA.every((s) => !ofB.some((o) => o.id === s.id)));
  });

  it('leaves out sessions that were signed out or have expired', async () => {
    const { email } = await registerAndVerify(h);
    const old = await signInFrom(email, IPHONE);
    const gone = await signInFrom(email, IPHONE);
    assert.equal((await post(h.app, '/auth/logout', undefined, { cookies: { pc_refresh: gone.refresh } })).statusCode, 204);
    // The refresh-token lifetime (30 days without use) passes for the others; a fresh sign-in sees only itself.
    clock.advance(31 * 86_400_000);
    const now = await signInFrom(email, FIREFOX_WINDOWS);
    const sessions = await list(now.login.accessToken);
    assert.deepEqual(sessions.map((s) => s.current), [true]);
    assert.equal((await refresh(old.refresh)).statusCode, 401);
  });

  it('signs one other device out: its refresh token and its access token stop working at once', async () => {
    const { login, email } = await registerAndVerify(h);
    const phone = await signInFrom(email, IPHONE);
    const target = (await list(login.accessToken)).find((s) => !s.current)!;
    const res = await revoke(login.accessToken, target.id);
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual((await list(login.accessToken)).map((s) => s.current), [true]);
    const refused = await refresh(phone.refresh);
    assert.equal(refused.statusCode, 401);
    assert.equal(code(refused), 'REFRESH_TOKEN_INVALID');
    const me = await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(phone.login.accessToken) });
    assert.equal(me.statusCode, 401);
    assert.equal(code(me), 'SESSION_EXPIRED');
    // Gone is gone: a second time is not found, and the asking session is unharmed.
    assert.equal((await revoke(login.accessToken, target.id)).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(login.accessToken) })).statusCode, 200);
  });

  it("answers 404 for another user's session and leaves it signed in", async () => {
    const a = await registerAndVerify(h);
    const b = await registerAndVerify(h);
    const ofB = (await list(b.login.accessToken))[0]!;
    const res = await revoke(a.login.accessToken, ofB.id);
    assert.equal(res.statusCode, 404);
    assert.equal(code(res), 'NOT_FOUND');
    assert.equal((await refresh(b.refreshCookie)).statusCode, 200, "b's session still stands");
    assert.equal((await list(a.login.accessToken)).length, 1);
  });

  it('refuses unknown and malformed ids, and every route without a valid token', async () => {
    const { login } = await registerAndVerify(h);
    assert.equal((await revoke(login.accessToken, '00000000-0000-4000-8000-000000000000')).statusCode, 404);
    const long = await revoke(login.accessToken, 'x'.repeat(65));
    assert.equal(long.statusCode, 400);
    assert.equal(code(long), 'VALIDATION_FAILED');
    const id = (await list(login.accessToken))[0]!.id;
    for (const req of [
      { method: 'GET' as const, url: '/auth/sessions' },
      { method: 'DELETE' as const, url: `/auth/sessions/${id}` },
      { method: 'POST' as const, url: '/auth/sessions/end-others' },
    ]) {
      assert.equal((await h.app.inject(req)).statusCode, 401, `${req.method} ${req.url} without a token`);
      assert.equal((await h.app.inject({ ...req, headers: bearer('not.a.jwt') })).statusCode, 401, `${req.method} ${req.url} with a bad token`);
    }
    assert.equal((await list(login.accessToken)).length, 1, 'nothing was ended');
  });

  it('signs every other device out and keeps the one asking', async () => {
    const { login, email, refreshCookie } = await registerAndVerify(h);
    const others = [await signInFrom(email, IPHONE), await signInFrom(email, FIREFOX_WINDOWS)];
    const res = await post(h.app, '/auth/sessions/end-others', undefined, { headers: bearer(login.accessToken) });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json<EndedSessionsResponse>(), { ended: 2 });
    for (const o of others) assert.equal((await refresh(o.refresh)).statusCode, 401);
    assert.deepEqual((await list(login.accessToken)).map((s) => s.current), [true]);
    assert.equal((await refresh(refreshCookie)).statusCode, 200, 'this device stays signed in');
    const again = await post(h.app, '/auth/sessions/end-others', undefined, { headers: bearer(login.accessToken) });
    assert.deepEqual(again.json<EndedSessionsResponse>(), { ended: 0 });
  });

  it('may end its own session too, like signing out', async () => {
    const { login, refreshCookie } = await registerAndVerify(h);
    const self = (await list(login.accessToken))[0]!;
    assert.equal((await revoke(login.accessToken, self.id)).statusCode, 204);
    assert.equal((await refresh(refreshCookie)).statusCode, 401);
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(login.accessToken) })).statusCode, 401);
  });
});
