import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { generateKeyPair } from 'jose';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { LoginResponse, ProvidersResponse } from '@photocloud/contracts';
import { FakeGoogleKeys, GOOGLE_CLIENT_ID } from './google-idp.ts';
import { cookieValue, post, startHarness, uniqueEmail, type Harness } from './harness.ts';

const code = (res: { json: () => unknown }): string => (res.json() as { error: { code: string } }).error.code;

forEachDialect('google sign-in', (ctx) => {
  let h: Harness;
  let google: FakeGoogleKeys;
  before(async () => {
    google = await new FakeGoogleKeys().start();
    h = await startHarness(ctx, { env: { GOOGLE_CLIENT_ID, GOOGLE_JWKS_URL: google.url } });
  });
  after(async () => {
    await h.close();
    await google.close();
  });

  const sub = (): string => randomBytes(8).toString('hex');
  const userCount = async (email: string): Promise<number> => (await h.auth.database.db.selectFrom('user').select('id').where('email', '=', email).execute()).length;

  it('shows the Google button and signs in by POST or GET, creating the account once, identified by sub', async () => {
    const providers = (await h.app.inject({ method: 'GET', url: '/auth/providers' })).json<ProvidersResponse>();
    assert.deepEqual(providers.google, { clientId: GOOGLE_CLIENT_ID });
    assert.equal(providers.franceconnect, false);
    const email = uniqueEmail('g');
    const s = sub();
    const first = await post(h.app, '/auth/google', { token: await google.token(s, email) });
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json<LoginResponse>();
    assert.equal(body.user.email, email);
    assert.equal(body.user.emailVerified, true);
    assert.equal(body.user.firstName, 'Grace');
    assert.equal(body.user.hasPassword, false);
    assert.ok(cookieValue(first));
    const again = await h.app.inject({ method: 'GET', url: '/auth/google', query: { token: await google.token(s, email, { iss: 'accounts.google.com' }) } });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json<LoginResponse>().user.id, body.user.id);
    // Google changed the address: still the same account (sub, never the email).
    const moved = await post(h.app, '/auth/google', { token: await google.token(s, uniqueEmail('moved')) });
    assert.equal(moved.json<LoginResponse>().user.id, body.user.id);
    assert.equal(await userCount(email), 1);
  });

  it('refuses forged, expired, foreign-audience, wrong-issuer, unverified-email and wrong-nonce tokens, creating nothing', async () => {
    const email = uniqueEmail('bad');
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, Promise<string>, number, string, string?]> = [
      ['forged signature', google.token(sub(), email, {}, { key: otherKey }), 401, 'PROVIDER_TOKEN_INVALID'],
      ['unknown key id', google.token(sub(), email, {}, { key: otherKey, kid: 'nope' }), 401, 'PROVIDER_TOKEN_INVALID'],
      ['expired', google.token(sub(), email, { iat: now - 7200, exp: now - 3600 }), 401, 'PROVIDER_TOKEN_INVALID'],
      ['other audience', google.token(sub(), email, { aud: 'someone-else.apps.googleusercontent.com' }), 401, 'PROVIDER_TOKEN_INVALID'],
      ['other issuer', google.token(sub(), email, { iss: 'https://evil.example' }), 401, 'PROVIDER_TOKEN_INVALID'],
      ['email not verified', google.token(sub(), email, { email_verified: false }), 403, 'PROVIDER_EMAIL_NOT_VERIFIED'],
      ['nonce mismatch', google.token(sub(), email, { nonce: 'abc' }), 401, 'PROVIDER_TOKEN_INVALID', 'xyz'],
    ];
    for (const [name, token, status, errorCode, nonce] of cases) {
      const res = await post(h.app, '/auth/google', { token: await token, ...(nonce ? { nonce } : {}) });
      assert.equal(res.statusCode, status, name);
      assert.equal(code(res), errorCode, name);
    }
    assert.equal((await post(h.app, '/auth/google', { token: 'not.a.jwt' })).statusCode, 401);
    assert.equal((await post(h.app, '/auth/google', {})).statusCode, 400);
    assert.equal(await userCount(email), 0);
    const good = await post(h.app, '/auth/google', { token: await google.token(sub(), email, { nonce: 'n-1' }), nonce: 'n-1' });
    assert.equal(good.statusCode, 200, 'the matching nonce passes');
  });

  it('picks up a rotated Google key (unknown kid → one refetch)', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // past the refetch cooldown left by the unknown-kid case
    await google.rotate(`key-${sub()}`);
    const res = await post(h.app, '/auth/google', { token: await google.token(sub(), uniqueEmail('rot')) });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('accepts the GIS redirect post only with the double-submit CSRF cookie', async () => {
    const email = uniqueEmail('gis');
    const credential = await google.token(sub(), email);
    const csrf = randomBytes(16).toString('hex');
    const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const noCookie = await h.app.inject({ method: 'POST', url: '/auth/google/callback', headers, payload: form({ credential, g_csrf_token: csrf }) });
    assert.equal(noCookie.statusCode, 403);
    assert.equal(code(noCookie), 'CSRF_CHECK_FAILED');
    const mismatch = await h.app.inject({ method: 'POST', url: '/auth/google/callback', headers, cookies: { g_csrf_token: 'other' }, payload: form({ credential, g_csrf_token: csrf }) });
    assert.equal(mismatch.statusCode, 403);
    assert.equal(await userCount(email), 0);
    const ok = await h.app.inject({ method: 'POST', url: '/auth/google/callback', headers, cookies: { g_csrf_token: csrf }, payload: form({ credential, g_csrf_token: csrf }) });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal(ok.headers.location, '/');
    assert.ok(cookieValue(ok), 'signed in: the refresh cookie is set');
    assert.equal(await userCount(email), 1);
  });
});

forEachDialect('google sign-in, not configured', (ctx) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(ctx);
  });
  after(() => h.close());

  it('hides the button and answers PROVIDER_NOT_CONFIGURED', async () => {
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/providers' })).json<ProvidersResponse>().google, null);
    const res = await post(h.app, '/auth/google', { token: 'x.y.z' });
    assert.equal(res.statusCode, 404);
    assert.equal(code(res), 'PROVIDER_NOT_CONFIGURED');
  });
});
