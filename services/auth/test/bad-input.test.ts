import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, it } from 'node:test';
import { SignJWT } from 'jose';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, cookieValue, GOOD_PASSWORD, post, registerAndVerify, startHarness, uniqueEmail, API_URL, type Harness } from './harness.ts';

function code(res: LightMyRequestResponse): string {
  return res.json<{ error: { code: string } }>().error.code;
}

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

forEachDialect('auth bad input', (ctx) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(ctx);
  });
  after(() => h.close());

  it('refuses malformed, non-object and huge bodies with a clear error', async () => {
    const malformed = await h.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.c", "password":' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(code(malformed), 'BAD_JSON');
    for (const payload of ['[]', '"x"', '42', '{"email":{"$ne":1},"password":"x"}', '{"email":"a@example.com"}']) {
      const res = await h.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload });
      assert.equal(res.statusCode, 400, payload);
      assert.equal(code(res), 'VALIDATION_FAILED', payload);
    }
    const huge = await post(h.app, '/auth/register', { email: uniqueEmail(), password: 'x'.repeat(100_000) });
    assert.equal(huge.statusCode, 413);
    assert.equal(code(huge), 'PAYLOAD_TOO_LARGE');
    const long = await post(h.app, '/auth/register', { email: uniqueEmail(), password: 'y'.repeat(2000) });
    assert.equal(code(long), 'VALIDATION_FAILED');
    const tooLong = await post(h.app, '/auth/register', { email: uniqueEmail(), password: 'long passphrase '.repeat(20) });
    assert.equal(code(tooLong), 'WEAK_PASSWORD');
    const longEmail = await post(h.app, '/auth/register', { email: `${'a'.repeat(65)}@example.com`, password: GOOD_PASSWORD });
    assert.equal(code(longEmail), 'INVALID_EMAIL');
  });

  it('refuses weak passwords: too short, common, one repeated character, the email itself', async () => {
    const email = uniqueEmail('weakling');
    for (const password of ['short', 'password1', 'Iloveyou1', 'aaaaaaaaaaaa', email.split('@')[0]!]) {
      const res = await post(h.app, '/auth/register', { email, password });
      assert.equal(res.statusCode, 400, password);
      assert.equal(code(res), 'WEAK_PASSWORD', password);
    }
    await h.auth.email.flush();
    assert.equal(h.smtp.count(email), 0);
  });

  it('refuses look-alike emails (mixed scripts, compatibility forms, invisible characters) and sends nothing', async () => {
    const { email } = await registerAndVerify(h, 'paypal.owner@example.com');
    const lookalikes = [
      'pаypal.owner@example.com', // Cyrillic а
      'ｐaypal.owner@example.com', // fullwidth p
      'paypal.owner\u200b@example.com', // zero-width space
      'paypal.owner@exаmple.com', // Cyrillic а in the domain
      'paypal.owner@example.com\u202e', // bidi override
    ];
    for (const lookalike of lookalikes) {
      const reg = await post(h.app, '/auth/register', { email: lookalike, password: GOOD_PASSWORD });
      assert.equal(reg.statusCode, 400, lookalike);
      assert.equal(code(reg), 'INVALID_EMAIL');
      const login = await post(h.app, '/auth/login', { email: lookalike, password: GOOD_PASSWORD });
      assert.equal(code(login), 'INVALID_EMAIL');
      assert.equal(code(await post(h.app, '/auth/magic-link/request', { email: lookalike })), 'INVALID_EMAIL');
    }
    await h.auth.email.flush();
    assert.equal(h.smtp.mails.length, 0);
    // Case and surrounding spaces are only spelling: they reach the same account.
    assert.equal((await post(h.app, '/auth/login', { email: ` ${email.toUpperCase()}`, password: GOOD_PASSWORD })).statusCode, 200);
  });

  it('refuses forged, truncated and wrong-purpose link tokens without spending the real one', async () => {
    const { email } = await registerAndVerify(h);
    await post(h.app, '/auth/magic-link/request', { email });
    const mail = await h.smtp.next(email);
    const [id, secret] = mail.token.split('.') as [string, string];
    const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const token of ['', 'garbage', `${id}.`, `${id}.${'A'.repeat(43)}`, flipped, `${'B'.repeat(16)}.${secret}`, `${mail.token}x`]) {
      const res = await post(h.app, mail.path, { token });
      assert.equal(res.statusCode, 400, token);
      assert.ok(['TOKEN_INVALID', 'VALIDATION_FAILED'].includes(code(res)), token);
    }
    assert.equal(code(await post(h.app, '/auth/email/verify', { token: mail.token })), 'TOKEN_INVALID', 'a magic link is not a verification link');
    assert.equal(code(await post(h.app, '/auth/password/reset', { token: mail.token, password: 'some new passphrase' })), 'TOKEN_INVALID');
    assert.equal((await post(h.app, mail.path, { token: mail.token })).statusCode, 200, 'the real link still works');
  });

  it('lets exactly one of many concurrent uses of a magic link win', async () => {
    const { email } = await registerAndVerify(h);
    await post(h.app, '/auth/magic-link/request', { email });
    const mail = await h.smtp.next(email);
    const results = await Promise.all(Array.from({ length: 12 }, () => post(h.app, mail.path, { token: mail.token })));
    assert.equal(results.filter((r) => r.statusCode === 200).length, 1);
    for (const r of results.filter((r) => r.statusCode !== 200)) assert.equal(code(r), 'TOKEN_USED');
  });

  it('makes one account when two magic links for a new address are used at once', async () => {
    const email = uniqueEmail('twice');
    await post(h.app, '/auth/magic-link/request', { email });
    const a = await h.smtp.next(email);
    await post(h.app, '/auth/magic-link/request', { email });
    const b = await h.smtp.next(email);
    const [ra, rb] = await Promise.all([post(h.app, a.path, { token: a.token }), post(h.app, b.path, { token: b.token })]);
    assert.equal(ra.statusCode, 200, ra.body);
    assert.equal(rb.statusCode, 200, rb.body);
    assert.equal(ra.json<{ user: { id: string } }>().user.id, rb.json<{ user: { id: string } }>().user.id);
  });

  it('revokes the whole family when an old refresh token is used again', async () => {
    const { refreshCookie } = await registerAndVerify(h);
    const r1 = await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } });
    assert.equal(r1.statusCode, 200);
    const access = r1.json<{ accessToken: string }>().accessToken;
    const reuse = await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } });
    assert.equal(reuse.statusCode, 401);
    assert.equal(code(reuse), 'REFRESH_TOKEN_REUSED');
    assert.equal(code(await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: cookieValue(r1) } })), 'REFRESH_TOKEN_INVALID', 'the newest token died with its family');
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(access) })).statusCode, 401);
  });

  it('refuses tampered refresh cookies without ending the real session', async () => {
    const { refreshCookie } = await registerAndVerify(h);
    const [id, secret] = refreshCookie.split('.') as [string, string];
    const tampered = [`${id}.${secret.slice(1)}A`, `${id}x.${secret}`, 'not-a-token', '%00%ff', 'é'.repeat(300), `${refreshCookie}.${refreshCookie}`];
    for (const value of tampered) {
      const res = await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: value } });
      assert.equal(res.statusCode, 401, value);
      assert.equal(code(res), 'REFRESH_TOKEN_INVALID');
    }
    assert.equal(code(await post(h.app, '/auth/refresh', {})), 'REFRESH_TOKEN_INVALID', 'no cookie at all');
    assert.equal((await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: refreshCookie } })).statusCode, 200);
  });

  it('refuses access tokens with alg none, HS256 keyed with the public key, or a foreign signature', async () => {
    const { login } = await registerAndVerify(h);
    const [, payload] = login.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const jwks = (await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: Array<{ kid: string; x: string }> }>();
    const pub = jwks.keys[0]!;
    const hsInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: pub.kid })}.${payload}`;
    const forged: string[] = [none, `${none}AAAA`];
    for (const secret of [JSON.stringify(pub), pub.x, Buffer.from(pub.x, 'base64url')]) {
      forged.push(`${hsInput}.${createHmac('sha256', secret).update(hsInput).digest('base64url')}`);
    }
    forged.push(await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: pub.kid }).sign(new TextEncoder().encode(JSON.stringify(pub))));
    const escalated = `${login.accessToken.split('.')[0]}.${b64({ ...claims, sub: 'someone-else' })}.${login.accessToken.split('.')[2]}`;
    forged.push(escalated);
    for (const token of forged) {
      const res = await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });
      assert.equal(res.statusCode, 401, token);
      assert.equal(code(res), 'UNAUTHENTICATED');
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    }
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(login.accessToken) })).statusCode, 200);
    assert.equal(claims.iss, API_URL);
  });
});
