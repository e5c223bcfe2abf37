import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { LoginResponse } from '@photocloud/contracts';
import { bearer, cookieValue, GOOD_PASSWORD, post, registerAndVerify, startHarness, uniqueEmail, type Harness } from './harness.ts';

const NEW_PASSWORD = 'a brand new passphrase 2026';

function code(res: { json(): unknown }): string {
  return (res.json() as { error: { code: string } }).error.code;
}

forEachDialect('auth password recovery and magic links', (ctx) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(ctx);
  });
  after(() => h.close());

  it('resets a forgotten password: no sign-in afterwards, every session ended, only the new password works', async () => {
    const { email, refreshCookie, login } = await registerAndVerify(h);
    assert.equal((await post(h.app, '/auth/password/forgot', { email })).statusCode, 202);
    const mail = await h.smtp.next(email);
    assert.equal(mail.subject, 'Reset your password');
    assert.equal(mail.path, '/auth/password/reset');
    const weak = await post(h.app, mail.path, { token: mail.token, password: 'password123' });
    assert.equal(weak.statusCode, 400);
    assert.equal(code(weak), 'WEAK_PASSWORD');
    const res = await post(h.app, mail.path, { token: mail.token, password: NEW_PASSWORD });
    assert.equal(res.statusCode, 204, 'the weak attempt did not spend the link');
    assert.equal(res.cookies.length, 0, 'no automatic sign-in after a reset');
    assert.equal((await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } })).statusCode, 401);
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(login.accessToken) })).statusCode, 401);
    assert.equal((await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD })).statusCode, 401);
    assert.equal((await post(h.app, '/auth/login', { email, password: NEW_PASSWORD })).statusCode, 200);
    const reused = await post(h.app, mail.path, { token: mail.token, password: 'yet another passphrase' });
    assert.equal(code(reused), 'TOKEN_USED');
  });

  it('can keep other sessions on reset when asked', async () => {
    const { email, refreshCookie } = await registerAndVerify(h);
    await post(h.app, '/auth/password/forgot', { email });
    const mail = await h.smtp.next(email);
    assert.equal((await post(h.app, mail.path, { token: mail.token, password: NEW_PASSWORD, signOutEverywhere: false })).statusCode, 204);
    assert.equal((await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } })).statusCode, 200);
  });

  it('answers forgot-password for an unknown address the same way, and sends nothing', async () => {
    const known = await registerAndVerify(h);
    const email = uniqueEmail();
    const a = await post(h.app, '/auth/password/forgot', { email });
    const b = await post(h.app, '/auth/password/forgot', { email: known.email });
    assert.equal(a.statusCode, 202);
    assert.deepEqual(a.json(), b.json());
    await h.smtp.next(known.email);
    await h.auth.email.flush();
    assert.equal(h.smtp.count(email), 0);
  });

  it('only the newest reset link works', async () => {
    const { email } = await registerAndVerify(h);
    await post(h.app, '/auth/password/forgot', { email });
    const first = await h.smtp.next(email);
    await post(h.app, '/auth/password/forgot', { email });
    const second = await h.smtp.next(email);
    assert.equal(code(await post(h.app, first.path, { token: first.token, password: NEW_PASSWORD })), 'TOKEN_USED');
    assert.equal((await post(h.app, second.path, { token: second.token, password: NEW_PASSWORD })).statusCode, 204);
  });

  it('changes the password with the current one, optionally ending the other sessions', async () => {
    const { email, login, refreshCookie } = await registerAndVerify(h);
    const second = await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD });
    const wrong = await post(h.app, '/auth/password/change', { currentPassword: 'not it at all', newPassword: NEW_PASSWORD }, { headers: bearer(login.accessToken) });
    assert.equal(wrong.statusCode, 403);
    assert.equal(code(wrong), 'CURRENT_PASSWORD_WRONG');
    const weak = await post(h.app, '/auth/password/change', { currentPassword: GOOD_PASSWORD, newPassword: 'short' }, { headers: bearer(login.accessToken) });
    assert.equal(code(weak), 'WEAK_PASSWORD');
    const ok = await post(
      h.app,
      '/auth/password/change',
      { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD, signOutOtherSessions: true },
      { headers: bearer(login.accessToken) },
    );
    assert.equal(ok.statusCode, 204);
    assert.equal((await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: cookieValue(second) } })).statusCode, 401, 'other session ended');
    assert.equal((await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } })).statusCode, 200, 'this session stays');
    assert.equal((await post(h.app, '/auth/login', { email, password: NEW_PASSWORD })).statusCode, 200);
    const anon = await post(h.app, '/auth/password/change', { currentPassword: NEW_PASSWORD, newPassword: GOOD_PASSWORD });
    assert.equal(anon.statusCode, 401);
  });

  it('signs in once with an emailed magic link (seed GET endpoint) and creates the account for a new address', async () => {
    const email = uniqueEmail('magic');
    const req = await h.app.inject({ method: 'GET', url: `/auth/magic-link/request?email=${encodeURIComponent(email)}`, headers: { 'accept-language': 'fr' } });
    assert.equal(req.statusCode, 202);
    const mail = await h.smtp.next(email);
    assert.equal(mail.subject, 'Votre lien de connexion');
    assert.equal(mail.path, '/auth/magic-link/verify');
    const res = await post(h.app, mail.path, { token: mail.token });
    assert.equal(res.statusCode, 200);
    const body = res.json<LoginResponse>();
    assert.equal(body.user.email, email);
    assert.equal(body.user.emailVerified, true);
    assert.equal(body.user.hasPassword, false);
    assert.ok(cookieValue(res));
    const again = await post(h.app, mail.path, { token: mail.token });
    assert.equal(again.statusCode, 400);
    assert.equal(code(again), 'TOKEN_USED');
    // A password can be set later without a current one (the account has none).
    const set = await post(h.app, '/auth/password/change', { newPassword: NEW_PASSWORD }, { headers: bearer(body.accessToken) });
    assert.equal(set.statusCode, 204);
    assert.equal((await post(h.app, '/auth/login', { email, password: NEW_PASSWORD })).statusCode, 200);
  });

  it('signs an existing account in with a POSTed magic-link request', async () => {
    const { email, login } = await registerAndVerify(h);
    assert.equal((await post(h.app, '/auth/magic-link/request', { email })).statusCode, 202);
    const mail = await h.smtp.next(email);
    assert.equal(mail.subject, 'Your sign-in link');
    const res = await post(h.app, mail.path, { token: mail.token }, { headers: { 'x-refresh-token-delivery': 'body' } });
    assert.equal(res.json<LoginResponse>().user.id, login.user.id);
    assert.ok(res.json<LoginResponse>().refreshToken);
  });
});

forEachDialect('auth magic links without sign-up', (ctx) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(ctx, { env: { MAGIC_LINK_SIGNUP: 'false' } });
  });
  after(() => h.close());

  it('answers an unknown address the same and sends nothing when sign-up by magic link is off', async () => {
    const known = await registerAndVerify(h);
    const email = uniqueEmail();
    const a = await post(h.app, '/auth/magic-link/request', { email });
    const b = await post(h.app, '/auth/magic-link/request', { email: known.email });
    assert.equal(a.statusCode, 202);
    assert.deepEqual(a.json(), b.json());
    await h.smtp.next(known.email);
    await h.auth.email.flush();
    assert.equal(h.smtp.count(email), 0);
  });
});
