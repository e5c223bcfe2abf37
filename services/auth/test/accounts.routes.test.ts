import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { hash } from '@node-rs/argon2';
import type { AcceptedResponse, LoginResponse, User } from '@photocloud/contracts';
import { bearer, cookieValue, GOOD_PASSWORD, post, registerAndVerify, startHarness, uniqueEmail, type Harness } from './harness.ts';

forEachDialect('auth accounts over inject', (ctx) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(ctx);
  });
  after(() => h.close());

  it('registers, mails a confirmation link (EN by default) and signs in when it is followed', async () => {
    const email = uniqueEmail();
    const res = await post(h.app, '/auth/register', { email: email.toUpperCase(), password: GOOD_PASSWORD, firstName: 'Ada' });
    assert.equal(res.statusCode, 202);
    assert.equal(res.json<AcceptedResponse>().status, 'accepted');
    const mail = await h.smtp.next(email);
    assert.equal(mail.subject, 'Confirm your email address');
    assert.equal(mail.language, 'en');
    assert.match(mail.html, /Confirm my email/);
    assert.ok(mail.link.startsWith('https://photos.example.test/auth/email/verify?token='));
    const verified = await post(h.app, mail.path, { token: mail.token });
    assert.equal(verified.statusCode, 200);
    const body = verified.json<LoginResponse>();
    assert.equal(body.user.email, email);
    assert.equal(body.user.emailVerified, true);
    assert.equal(body.user.firstName, 'Ada');
    assert.equal(body.expiresIn, 900);
    assert.equal(body.refreshToken, undefined, 'browsers never see the refresh token in the body');
    const cookie = verified.cookies.find((c) => c.name === 'pc_refresh');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/auth');
    assert.equal(cookie.secure, undefined, 'plain HTTP: no Secure flag');
    const me = await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(body.accessToken) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json<User>().id, body.user.id);
  });

  it('writes the mails in French for a French browser, and sets Secure behind an HTTPS gateway', async () => {
    const email = uniqueEmail();
    await post(h.app, '/auth/register', { email, password: GOOD_PASSWORD }, { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
    const mail = await h.smtp.next(email);
    assert.equal(mail.subject, 'Confirmez votre adresse e-mail');
    assert.equal(mail.language, 'fr');
    assert.match(mail.text, /Confirmer mon adresse/);
    const res = await post(h.app, mail.path, { token: mail.token }, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.cookies.find((c) => c.name === 'pc_refresh')?.secure, true);
  });

  it('answers a second registration of the same address exactly like the first, and mails the owner instead', async () => {
    const { email, login } = await registerAndVerify(h);
    const again = await post(h.app, '/auth/register', { email, password: 'another good passphrase' });
    assert.equal(again.statusCode, 202);
    assert.deepEqual(again.json(), (await post(h.app, '/auth/register', { email: uniqueEmail(), password: GOOD_PASSWORD })).json());
    const mail = await h.smtp.next(email);
    assert.equal(mail.subject, 'You already have an account');
    assert.equal(mail.path, '/auth/password/reset');
    // The first password still works; the second registration changed nothing.
    const ok = await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json<LoginResponse>().user.id, login.user.id);
    assert.equal((await post(h.app, '/auth/login', { email, password: 'another good passphrase' })).statusCode, 401);
  });

  it('signs in with a password on /auth/login and /login, and refuses wrong or unknown credentials alike', async () => {
    const { email } = await registerAndVerify(h);
    for (const url of ['/auth/login', '/login']) {
      const res = await post(h.app, url, { email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD });
      assert.equal(res.statusCode, 200, url);
      assert.ok(cookieValue(res));
    }
    const wrong = await post(h.app, '/auth/login', { email, password: 'not the password' });
    const unknown = await post(h.app, '/auth/login', { email: uniqueEmail(), password: 'not the password' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'INVALID_CREDENTIALS');
    assert.equal(unknown.json<{ error: { message: string } }>().error.message, wrong.json<{ error: { message: string } }>().error.message);
  });

  it('requires a bearer token on /auth/me, and updates the profile with PATCH', async () => {
    const { login } = await registerAndVerify(h);
    const anon = await h.app.inject({ method: 'GET', url: '/auth/me' });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.headers['www-authenticate'], 'Bearer');
    const patched = await h.app.inject({
      method: 'PATCH',
      url: '/auth/me',
      headers: bearer(login.accessToken),
      payload: { firstName: 'Grace', lastName: 'Hopper', username: 'Grace.H', locale: 'fr', birthDate: '1906-12-09', phoneNumber: '+33 1 23 45 67 89' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const user = patched.json<User>();
    assert.equal(user.username, 'grace.h');
    assert.equal(user.locale, 'fr');
    assert.equal(user.birthDate, '1906-12-09');
    const bad = await h.app.inject({ method: 'PATCH', url: '/auth/me', headers: bearer(login.accessToken), payload: { username: 'a' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<{ error: { code: string } }>().error.code, 'INVALID_USERNAME');
    const other = await registerAndVerify(h);
    const taken = await h.app.inject({ method: 'PATCH', url: '/auth/me', headers: bearer(other.login.accessToken), payload: { username: 'grace.h' } });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json<{ error: { code: string } }>().error.code, 'USERNAME_TAKEN');
  });

  it('rotates the refresh token from the cookie, and gives it in the body to clients that ask', async () => {
    const { refreshCookie } = await registerAndVerify(h);
    const r1 = await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } });
    assert.equal(r1.statusCode, 200, r1.body);
    const next = cookieValue(r1);
    assert.ok(next && next !== refreshCookie);
    const r2 = await post(h.app, '/auth/refresh', { refreshToken: next }, { headers: { 'x-refresh-token-delivery': 'body' } });
    assert.equal(r2.statusCode, 200);
    const body = r2.json<LoginResponse>();
    assert.ok(body.refreshToken && body.refreshToken !== next);
    assert.ok(body.accessToken);
  });

  it('logs out: the refresh token and the session are dead, the cookie is cleared', async () => {
    const { refreshCookie, login } = await registerAndVerify(h);
    const out = await post(h.app, '/auth/logout', {}, { cookies: { pc_refresh: refreshCookie } });
    assert.equal(out.statusCode, 204);
    assert.equal(out.cookies.find((c) => c.name === 'pc_refresh')?.value, '');
    const again = await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } });
    assert.equal(again.statusCode, 401);
    const me = await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(login.accessToken) });
    assert.equal(me.statusCode, 401);
    assert.equal(me.json<{ error: { code: string } }>().error.code, 'SESSION_EXPIRED');
  });

  it('logs out with only a bearer token (CLI without its refresh token)', async () => {
    const { login } = await registerAndVerify(h);
    const out = await post(h.app, '/auth/logout', {}, { headers: bearer(login.accessToken) });
    assert.equal(out.statusCode, 204);
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(login.accessToken) })).statusCode, 401);
  });

  it('resends the confirmation link; the newest link works and the older one no longer does', async () => {
    const email = uniqueEmail();
    await post(h.app, '/auth/register', { email, password: GOOD_PASSWORD });
    const first = await h.smtp.next(email);
    const res = await post(h.app, '/auth/email/verify/resend', { email });
    assert.equal(res.statusCode, 202);
    const second = await h.smtp.next(email);
    assert.notEqual(first.token, second.token);
    const old = await post(h.app, first.path, { token: first.token });
    assert.equal(old.statusCode, 400);
    assert.equal(old.json<{ error: { code: string } }>().error.code, 'TOKEN_USED');
    assert.equal((await post(h.app, second.path, { token: second.token })).statusCode, 200);
    // Nothing pending any more: resend is accepted and sends nothing.
    assert.equal((await post(h.app, '/auth/email/verify/resend', { email })).statusCode, 202);
    assert.equal((await post(h.app, '/auth/email/verify/resend', { email: uniqueEmail() })).statusCode, 202);
    await h.auth.email.flush();
    assert.equal(h.smtp.count(email), 0);
  });

  it('rehashes a password stored with older argon2 parameters at the next sign-in', async () => {
    const { email, login } = await registerAndVerify(h);
    const db = h.auth.database.db;
    const weakerHash = await hash(GOOD_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    await db.updateTable('user').set({ passwordHash: weakerHash }).where('id', '=', login.user.id).execute();
    assert.equal((await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD })).statusCode, 200);
    const row = await db.selectFrom('user').select('passwordHash').where('id', '=', login.user.id).executeTakeFirstOrThrow();
    assert.match(row.passwordHash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refreshes and logs out with no body at all, as a browser fetch with only the cookie does', async () => {
    const { refreshCookie } = await registerAndVerify(h);
    const r = await h.app.inject({ method: 'POST', url: '/auth/refresh', cookies: { pc_refresh: refreshCookie } });
    assert.equal(r.statusCode, 200, r.body);
    const out = await h.app.inject({ method: 'POST', url: '/auth/logout', cookies: { pc_refresh: cookieValue(r) }, headers: { 'content-type': 'application/json' } });
    assert.equal(out.statusCode, 204, out.body);
    assert.equal((await h.app.inject({ method: 'POST', url: '/auth/refresh', cookies: { pc_refresh: cookieValue(r) } })).statusCode, 401);
  });
});
