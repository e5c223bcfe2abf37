import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { Identity, LoginResponse, ProvidersResponse, RedirectResponse } from '@photocloud/contracts';
import { authorizeAtProvider, FakeFranceConnect, FC_CLIENT_ID, FC_CLIENT_SECRET, FC_POST_LOGOUT_URI, FC_REDIRECT_URI, type FcPerson } from './franceconnect-idp.ts';
import { bearer, cookieValue, post, registerAndVerify, startHarness, uniqueEmail, type Harness } from './harness.ts';

const code = (res: { json: () => unknown }): string => (res.json() as { error: { code: string } }).error.code;

forEachDialect('franceconnect', (ctx) => {
  let h: Harness;
  let fc: FakeFranceConnect;
  before(async () => {
    fc = await new FakeFranceConnect().start();
    h = await startHarness(ctx, {
      env: {
        FRANCECONNECT_ISSUER: fc.issuer,
        FRANCECONNECT_CLIENT_ID: FC_CLIENT_ID,
        FRANCECONNECT_CLIENT_SECRET: FC_CLIENT_SECRET,
        FRANCECONNECT_REDIRECT_URI: FC_REDIRECT_URI,
        FRANCECONNECT_POST_LOGOUT_REDIRECT_URI: FC_POST_LOGOUT_URI,
      },
    });
  });
  after(async () => {
    await h.close();
    await fc.close();
  });

  const person = (email = uniqueEmail('fc')): FcPerson => ({ sub: `fc-${randomBytes(8).toString('hex')}`, email, given_name: 'Marianne', family_name: 'Dupont', birthdate: '1962-08-24' });

  /** Starts at our service (sign-in, or link with a bearer token) and goes through the provider to the callback. */
  async function authorize(who: FcPerson, accessToken?: string): Promise<{ code: string; state: string; iss: string; cookie: string; authorizeUrl: URL }> {
    const start = accessToken
      ? await post(h.app, '/auth/identities/franceconnect', undefined, { headers: bearer(accessToken) })
      : await h.app.inject({ method: 'GET', url: '/auth/franceconnect/login' });
    const authorizeUrl = new URL(accessToken ? start.json<RedirectResponse>().url : start.headers.location!);
    const cookie = start.cookies.find((c) => c.name === 'pc_fc_state')!.value;
    fc.nextPerson = who;
    const back = await authorizeAtProvider(authorizeUrl.href);
    return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')!, iss: back.searchParams.get('iss')!, cookie, authorizeUrl };
  }

  const callback = (a: { code: string; state: string; iss?: string }, cookie: string | undefined) =>
    post(h.app, '/auth/franceconnect/callback', { code: a.code, state: a.state, iss: a.iss ?? fc.issuer }, cookie ? { cookies: { pc_fc_state: cookie } } : {});

  it('signs in through FranceConnect: eidas1, state and nonce of 64 hex, profile filled from the signed userinfo', async () => {
    assert.equal((await h.app.inject({ method: 'GET', url: '/auth/providers' })).json<ProvidersResponse>().franceconnect, true);
    const who = person();
    const a = await authorize(who);
    const q = a.authorizeUrl.searchParams;
    assert.equal(a.authorizeUrl.pathname, '/api/v2/authorize');
    assert.equal(q.get('acr_values'), 'eidas1');
    assert.equal(q.get('scope'), 'openid given_name family_name birthdate email');
    assert.match(q.get('state')!, /^[0-9a-f]{64}$/);
    assert.match(q.get('nonce')!, /^[0-9a-f]{64}$/);
    assert.equal(q.get('code_challenge'), null, 'PKCE is off by default for FranceConnect');
    const res = await callback(a, a.cookie);
    assert.equal(res.statusCode, 200, res.body);
    const { user } = res.json<LoginResponse>();
    assert.deepEqual([user.email, user.emailVerified, user.firstName, user.lastName, user.birthDate], [who.email, false, 'Marianne', 'Dupont', '1962-08-24']);
    assert.ok(cookieValue(res));
    // Same sub next time: same account.
    const b = await authorize(who);
    assert.equal((await callback(b, b.cookie)).json<LoginResponse>().user.id, user.id);
  });

  it('signs in on a GET callback too (no web app in front) and sends the browser home', async () => {
    const a = await authorize(person());
    const res = await h.app.inject({ method: 'GET', url: '/auth/franceconnect/callback', query: { code: a.code, state: a.state, iss: a.iss }, cookies: { pc_fc_state: a.cookie } });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/');
    assert.ok(cookieValue(res));
  });

  it('refuses a callback without the browser\'s state cookie, with a wrong state, or replayed', async () => {
    const a = await authorize(person());
    const none = await callback(a, undefined);
    assert.equal(none.statusCode, 400);
    assert.equal(code(none), 'OIDC_STATE_INVALID');
    const wrong = await callback({ code: a.code, state: 'f'.repeat(64) }, 'f'.repeat(64));
    assert.equal(wrong.statusCode, 400);
    assert.equal(code(wrong), 'OIDC_STATE_INVALID');
    assert.equal((await callback(a, a.cookie)).statusCode, 200);
    const replay = await callback(a, a.cookie);
    assert.equal(replay.statusCode, 400, 'the state is spent');
    // The spent code with a fresh state: the provider refuses the code.
    const fresh = await authorize(person());
    const reused = await callback({ code: a.code, state: fresh.state }, fresh.cookie);
    assert.equal(reused.statusCode, 401);
    assert.equal(code(reused), 'PROVIDER_TOKEN_INVALID');
  });

  it('refuses a tampered id_token, a wrong nonce and a lower acr, creating no account', async () => {
    const email = uniqueEmail('fc-bad');
    const users = async (): Promise<number> => (await h.auth.database.db.selectFrom('user').select('id').where('email', '=', email).execute()).length;

    const t = await authorize(person(email));
    fc.tamperIdToken = true;
    const tampered = await callback(t, t.cookie).finally(() => (fc.tamperIdToken = false));
    assert.equal(tampered.statusCode, 401);
    assert.equal(code(tampered), 'PROVIDER_TOKEN_INVALID');

    const n = await authorize(person(email));
    await h.auth.database.db.updateTable('oidcLogin').set({ nonce: 'a'.repeat(64) }).where('state', '=', n.state).execute();
    const nonce = await callback(n, n.cookie);
    assert.equal(nonce.statusCode, 401);

    fc.nextAcr = 'eidas0';
    const low = await authorize(person(email)).finally(() => (fc.nextAcr = 'eidas1'));
    const acr = await callback(low, low.cookie);
    assert.equal(acr.statusCode, 401);
    assert.match(acr.body, /authentication level/);
    assert.equal(await users(), 0);
  });

  it('fetches the key set again when FranceConnect signs with a new key', async () => {
    const a = await authorize(person());
    assert.equal((await callback(a, a.cookie)).statusCode, 200);
    await fc.rotateKeys();
    const b = await authorize(person());
    const res = await callback(b, b.cookie);
    assert.equal(res.statusCode, 200, res.body);
  });

  it('never links by email alone; links from settings; keeps the last way in; a proven email drops the unproven link', async () => {
    const owner = await registerAndVerify(h);
    const claim = await authorize(person(owner.email));
    const refused = await callback(claim, claim.cookie);
    assert.equal(refused.statusCode, 409);
    assert.equal(code(refused), 'IDENTITY_NOT_LINKED');

    const mine = person(owner.email);
    const link = await authorize(mine, owner.login.accessToken);
    const linked = await callback(link, link.cookie);
    assert.equal(linked.statusCode, 201, linked.body);
    assert.equal(linked.json<Identity>().provider, 'franceconnect');
    const viaFc = await authorize(mine);
    assert.equal((await callback(viaFc, viaFc.cookie)).json<LoginResponse>().user.id, owner.login.user.id);

    // An account FranceConnect created: its email is unproven, so FranceConnect is its only way in.
    const solo = person();
    const s = await authorize(solo);
    const soloLogin = (await callback(s, s.cookie)).json<LoginResponse>();
    const last = await h.app.inject({ method: 'DELETE', url: '/auth/identities/franceconnect', headers: bearer(soloLogin.accessToken) });
    assert.equal(last.statusCode, 409);
    assert.equal(code(last), 'LAST_SIGN_IN_METHOD');
    // Whoever proves the address by magic link gets the account, without the unproven FranceConnect link.
    await post(h.app, '/auth/magic-link/request', { email: solo.email });
    const mail = await h.smtp.next(solo.email);
    const proven = await post(h.app, mail.path, { token: mail.token });
    assert.equal(proven.json<LoginResponse>().user.id, soloLogin.user.id);
    assert.deepEqual((await h.app.inject({ method: 'GET', url: '/auth/identities', headers: bearer(proven.json<LoginResponse>().accessToken) })).json(), []);
  });

  it('logs out through the end-session endpoint with id_token_hint, state and post_logout_redirect_uri', async () => {
    const a = await authorize(person());
    const login = await callback(a, a.cookie);
    const { accessToken } = login.json<LoginResponse>();
    const out = await post(h.app, '/auth/franceconnect/logout', undefined, { headers: bearer(accessToken) });
    assert.equal(out.statusCode, 200, out.body);
    const url = new URL(out.json<RedirectResponse>().url);
    assert.equal(url.origin + url.pathname, `${fc.issuer}/session/end`);
    assert.ok(url.searchParams.get('id_token_hint')?.split('.').length === 3);
    assert.match(url.searchParams.get('state')!, /^[0-9a-f]{64}$/);
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), FC_POST_LOGOUT_URI);
    const page = await fetch(url);
    assert.equal(page.status, 200, 'the provider accepts the hint');
    assert.equal((await post(h.app, '/auth/refresh', { refreshToken: 'x' }, { cookies: { pc_refresh: cookieValue(login) } })).statusCode, 401, 'our session is over');
  });
});

forEachDialect('franceconnect with PKCE', (ctx) => {
  let h: Harness;
  let fc: FakeFranceConnect;
  before(async () => {
    fc = await new FakeFranceConnect().start();
    h = await startHarness(ctx, {
      env: {
        FRANCECONNECT_ISSUER: fc.issuer,
        FRANCECONNECT_CLIENT_ID: FC_CLIENT_ID,
        FRANCECONNECT_CLIENT_SECRET: FC_CLIENT_SECRET,
        FRANCECONNECT_REDIRECT_URI: FC_REDIRECT_URI,
        FRANCECONNECT_PKCE: 'true',
      },
    });
  });
  after(async () => {
    await h.close();
    await fc.close();
  });

  it('sends an S256 code challenge and the verifier, when the provider setting asks for it', async () => {
    const start = await h.app.inject({ method: 'GET', url: '/auth/franceconnect/login' });
    const url = new URL(start.headers.location!);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
    fc.nextPerson = { sub: `fc-${randomBytes(8).toString('hex')}`, email: uniqueEmail('pkce'), given_name: 'Jean', family_name: 'Moulin', birthdate: '1899-06-20' };
    const back = await authorizeAtProvider(url.href);
    const cookie = start.cookies.find((c) => c.name === 'pc_fc_state')!.value;
    const res = await post(h.app, '/auth/franceconnect/callback', { code: back.searchParams.get('code')!, state: back.searchParams.get('state')!, iss: back.searchParams.get('iss')! }, { cookies: { pc_fc_state: cookie } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<LoginResponse>().user.lastName, 'Moulin');
  });
});
