import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { ManualClock } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, GOOD_PASSWORD, post, registerAndVerify, startHarness, uniqueEmail, type Harness } from './harness.ts';

function code(res: LightMyRequestResponse): string {
  return res.json<{ error: { code: string } }>().error.code;
}

const MIN = 60_000;
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

forEachDialect('auth expiry and rate limits', (ctx) => {
  let h: Harness;
  const clock = new ManualClock();
  before(async () => {
    h = await startHarness(ctx, {
      clock,
      env: { REFRESH_TOKEN_TTL: '3600' },
      rateLimits: { forgotPerAccount: { max: 3, windowSec: 3600 }, magicLinkPerIp: { max: 2, windowSec: 3600 } },
    });
  });
  after(() => h.close());

  it('expires magic links after 10 minutes, reset links after 30 and confirmation links after 24 hours', async () => {
    const { email } = await registerAndVerify(h);
    await post(h.app, '/auth/magic-link/request', { email }, from('198.51.100.1'));
    const magic = await h.smtp.next(email);
    await post(h.app, '/auth/password/forgot', { email }, from('198.51.100.1'));
    const reset = await h.smtp.next(email);
    const pending = uniqueEmail();
    await post(h.app, '/auth/register', { email: pending, password: GOOD_PASSWORD });
    const verify = await h.smtp.next(pending);
    clock.advance(10 * MIN + 1000);
    assert.equal(code(await post(h.app, magic.path, { token: magic.token })), 'TOKEN_EXPIRED');
    clock.advance(20 * MIN);
    assert.equal(code(await post(h.app, reset.path, { token: reset.token, password: 'a new passphrase here' })), 'TOKEN_EXPIRED');
    assert.equal((await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD })).statusCode, 200, 'the expired reset changed nothing');
    clock.advance(24 * 60 * MIN);
    assert.equal(code(await post(h.app, verify.path, { token: verify.token })), 'TOKEN_EXPIRED');
  });

  it('ends a session unused for longer than REFRESH_TOKEN_TTL, and rejects expired access tokens', async () => {
    const { refreshCookie, login } = await registerAndVerify(h);
    clock.advance(3601_000);
    const res = await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } });
    assert.equal(code(res), 'SESSION_EXPIRED');
    // Signed an hour in the past (by the clock), checked against real time: expired.
    const past = new ManualClock(Date.now() - 3600_000);
    const old = await startHarness(ctx, { clock: past });
    try {
      const { login: stale } = await registerAndVerify(old);
      const me = await old.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(stale.accessToken) });
      assert.equal(me.statusCode, 401);
      assert.match(String(me.headers['www-authenticate']), /expired/);
    } finally {
      await old.close();
    }
    assert.ok(login.accessToken);
  });

  it('backs off exponentially after repeated failed sign-ins to one account, even with the right password', async () => {
    const { email } = await registerAndVerify(h);
    for (let i = 0; i < 5; i++) assert.equal((await post(h.app, '/auth/login', { email, password: `wrong guess ${i}` }, from(`192.0.2.${i}`))).statusCode, 401);
    const blocked = await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD }, from('192.0.2.77'));
    assert.equal(blocked.statusCode, 429);
    assert.equal(code(blocked), 'RATE_LIMITED');
    assert.equal(blocked.headers['retry-after'], '1');
    clock.advance(1000);
    assert.equal((await post(h.app, '/auth/login', { email, password: 'wrong again' })).statusCode, 401);
    const longer = await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD });
    assert.equal(longer.headers['retry-after'], '2', 'the wait doubles');
    clock.advance(2000);
    assert.equal((await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD })).statusCode, 200);
    assert.equal((await post(h.app, '/auth/login', { email, password: 'one more wrong' })).statusCode, 401, 'success reset the counter');
  });

  it('limits forgot-password per account whatever the IP, and magic links per IP (the real client behind the gateway)', async () => {
    const { email } = await registerAndVerify(h);
    for (let i = 0; i < 3; i++) assert.equal((await post(h.app, '/auth/password/forgot', { email }, from(`203.0.113.${i}`))).statusCode, 202);
    const limited = await post(h.app, '/auth/password/forgot', { email }, from('203.0.113.50'));
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 3500);
    assert.equal((await post(h.app, '/auth/password/forgot', { email: uniqueEmail() }, from('203.0.113.50'))).statusCode, 202, 'another account is not limited');

    for (let i = 0; i < 2; i++) assert.equal((await post(h.app, '/auth/magic-link/request', { email: uniqueEmail() }, from('198.51.100.20'))).statusCode, 202);
    assert.equal((await post(h.app, '/auth/magic-link/request', { email: uniqueEmail() }, from('198.51.100.20'))).statusCode, 429);
    assert.equal((await post(h.app, '/auth/magic-link/request', { email: uniqueEmail() }, from('198.51.100.21'))).statusCode, 202);
    clock.advance(3600_000);
    assert.equal((await post(h.app, '/auth/magic-link/request', { email: uniqueEmail() }, from('198.51.100.20'))).statusCode, 202, 'the window passed');
    await h.auth.email.flush();
  });

  it('gives passkey challenges (asked at every visit of the sign-in page) their own limit, apart from sign-ins', async () => {
    const strict = await startHarness(ctx, { rateLimits: { loginPerIp: { max: 2, windowSec: 900 }, passkeyChallengePerIp: { max: 5, windowSec: 900 } } });
    try {
      const { email } = await registerAndVerify(strict);
      // Its own peer address: on PostgreSQL the suites share one database, and with it the counters of 127.0.0.1.
      const ip = { remoteAddress: `2001:db8::${randomBytes(4).toString('hex').replace(/(....)(....)/, '$1:$2')}` };
      for (let i = 0; i < 5; i++) assert.equal((await strict.app.inject({ method: 'GET', url: '/auth/passkey/login/begin', ...ip })).statusCode, 200);
      const limited = await strict.app.inject({ method: 'GET', url: '/auth/passkey/login/begin', ...ip });
      assert.equal(limited.statusCode, 429);
      assert.equal(code(limited), 'RATE_LIMITED');
      for (let i = 0; i < 2; i++) assert.equal((await post(strict.app, '/auth/login', { email, password: GOOD_PASSWORD }, ip)).statusCode, 200, 'sign-ins are not used up');
      assert.equal((await post(strict.app, '/auth/login', { email, password: GOOD_PASSWORD }, ip)).statusCode, 429);
    } finally {
      await strict.close();
    }
  });

  it('limits registrations (which send mail) per address', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) assert.equal((await post(h.app, '/auth/register', { email, password: GOOD_PASSWORD }, from(`198.51.100.${100 + i}`))).statusCode, 202);
    const limited = await post(h.app, '/auth/register', { email, password: GOOD_PASSWORD }, from('198.51.100.150'));
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    await h.auth.email.flush();
    assert.equal(h.smtp.count(email), 3);
    h.smtp.mails.splice(0);
  });

  it('ignores X-Forwarded-For from an untrusted peer', async () => {
    const opts = (i: number) => ({ remoteAddress: '192.0.2.200', headers: { 'x-forwarded-for': `10.9.9.${i}` } });
    for (let i = 0; i < 2; i++) assert.equal((await post(h.app, '/auth/magic-link/request', { email: uniqueEmail() }, opts(i))).statusCode, 202);
    assert.equal((await post(h.app, '/auth/magic-link/request', { email: uniqueEmail() }, opts(3))).statusCode, 429);
    await h.auth.email.flush();
  });

  it('applies the sign-in backoff to wrong current passwords on password change', async () => {
    const { login, email } = await registerAndVerify(h);
    const change = (currentPassword: string) =>
      post(h.app, '/auth/password/change', { currentPassword, newPassword: 'a fresh passphrase 42' }, { headers: bearer(login.accessToken) });
    for (let i = 0; i < 5; i++) assert.equal(code(await change(`guess number ${i}`)), 'CURRENT_PASSWORD_WRONG');
    const blocked = await change(GOOD_PASSWORD);
    assert.equal(blocked.statusCode, 429);
    assert.equal(code(await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD })), 'RATE_LIMITED', 'one counter per account');
    clock.advance(1000);
    assert.equal((await change(GOOD_PASSWORD)).statusCode, 204);
  });
});

forEachDialect('auth key rotation during a confirmation', (ctx) => {
  it('confirms an address when the signing key has to rotate at that very moment', async () => {
    const c = new ManualClock();
    const rotating = await startHarness(ctx, { clock: c, env: { SIGNING_KEY_ROTATION_DAYS: '1' } });
    try {
      const before = (await rotating.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: unknown[] }>().keys.length;
      c.advance(MIN);
      const email = uniqueEmail();
      await post(rotating.app, '/auth/register', { email, password: GOOD_PASSWORD });
      const mail = await rotating.smtp.next(email);
      c.advance(24 * 60 * MIN - 30_000); // past the key's rotation, before the link's expiry
      const res = await post(rotating.app, mail.path, { token: mail.token });
      assert.equal(res.statusCode, 200, res.body);
      const after = (await rotating.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: unknown[] }>().keys.length;
      assert.equal(after, before + 1, 'a new key was made and the old one is still published');
    } finally {
      await rotating.close();
    }
  });
});
