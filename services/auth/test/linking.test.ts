import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { hash } from '@node-rs/argon2';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { Identity, LoginResponse } from '@photocloud/contracts';
import { FakeGoogleKeys, GOOGLE_CLIENT_ID } from './google-idp.ts';
import { bearer, GOOD_PASSWORD, post, registerAndVerify, startHarness, uniqueEmail, type Harness } from './harness.ts';

const code = (res: { json: () => unknown }): string => (res.json() as { error: { code: string } }).error.code;
const sub = (): string => randomBytes(8).toString('hex');

forEachDialect('account linking', (ctx) => {
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

  const identities = async (token: string): Promise<Identity[]> => (await h.app.inject({ method: 'GET', url: '/auth/identities', headers: bearer(token) })).json<Identity[]>();

  it('links Google to an account automatically when both sides verified the same email', async () => {
    const { login, email } = await registerAndVerify(h);
    const res = await post(h.app, '/auth/google', { token: await google.token(sub(), email) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<LoginResponse>().user.id, login.user.id, 'one person, one account');
    assert.deepEqual((await identities(login.accessToken)).map((i) => [i.provider, i.emailVerified]), [['google', true]]);
    assert.equal((await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD })).statusCode, 200, 'the password still works');
  });

  it('pre-hijacking: a registration the attacker started for the victim\'s address gives the attacker nothing', async () => {
    const email = uniqueEmail('victim');
    await post(h.app, '/auth/register', { email, password: 'attacker knows this one' });
    const pending = await h.smtp.next(email);
    const victim = await post(h.app, '/auth/google', { token: await google.token(sub(), email) });
    assert.equal(victim.statusCode, 200);
    // The confirmation mail reached the victim; following it does not plant the attacker's password.
    const follow = await post(h.app, pending.path, { token: pending.token });
    assert.equal(follow.statusCode, 400);
    assert.equal((await post(h.app, '/auth/login', { email, password: 'attacker knows this one' })).statusCode, 401);
  });

  it('pre-hijacking: an unverified account holding the victim\'s address loses its password and sessions when Google proves the address', async () => {
    const email = uniqueEmail('claimed');
    const now = new Date().toISOString();
    const attackerId = randomUUID();
    // As an account whose email nobody proved (FranceConnect does not vouch for emails) would be.
    await h.auth.database.db
      .insertInto('user')
      .values({ id: attackerId, email, emailVerifiedAt: null, username: null, passwordHash: await hash('attacker knows this one'), firstName: null, lastName: null, phoneNumber: null, birthDate: null, googleId: null, locale: null, createdAt: now, updatedAt: now })
      .execute();
    await h.auth.database.db.insertInto('identity').values({ provider: 'franceconnect', subject: `fc-${sub()}`, userId: attackerId, email, emailVerified: 0, createdAt: now }).execute();
    const attackerSession = await h.auth.appDeps.sessions.start(attackerId, 'franceconnect', { ip: '203.0.113.66' });
    const victim = await post(h.app, '/auth/google', { token: await google.token(sub(), email) });
    assert.equal(victim.statusCode, 200, victim.body);
    const user = victim.json<LoginResponse>().user;
    assert.equal(user.emailVerified, true);
    assert.equal(user.hasPassword, false, 'the attacker\'s password is gone');
    assert.deepEqual((await identities(victim.json<LoginResponse>().accessToken)).map((i) => i.provider), ['google'], 'the unverified identity is gone');
    const refresh = await post(h.app, '/auth/refresh', { refreshToken: attackerSession.refreshToken });
    assert.equal(refresh.statusCode, 401, 'the attacker\'s session is over');
  });

  it('links from settings when the emails differ, and refuses an identity already linked elsewhere', async () => {
    const a = await registerAndVerify(h);
    const b = await registerAndVerify(h);
    const s = sub();
    const token = await google.token(s, uniqueEmail('other-address'));
    assert.equal((await post(h.app, '/auth/identities/google', { token })).statusCode, 401, 'linking needs a session');
    const linked = await post(h.app, '/auth/identities/google', { token }, { headers: bearer(a.login.accessToken) });
    assert.equal(linked.statusCode, 201, linked.body);
    const signIn = await post(h.app, '/auth/google', { token });
    assert.equal(signIn.json<LoginResponse>().user.id, a.login.user.id);
    const stolen = await post(h.app, '/auth/identities/google', { token }, { headers: bearer(b.login.accessToken) });
    assert.equal(stolen.statusCode, 409);
    assert.equal(code(stolen), 'IDENTITY_IN_USE');
    assert.deepEqual(await identities(b.login.accessToken), []);
  });

  it('unlinks only the caller\'s own identity, keeping a way in', async () => {
    const a = await registerAndVerify(h);
    const b = await registerAndVerify(h);
    await post(h.app, '/auth/identities/google', { token: await google.token(sub(), a.email) }, { headers: bearer(a.login.accessToken) });
    const other = await h.app.inject({ method: 'DELETE', url: '/auth/identities/google', headers: bearer(b.login.accessToken) });
    assert.equal(other.statusCode, 404, 'b has no Google identity; a\'s is untouched');
    assert.equal((await identities(a.login.accessToken)).length, 1);
    assert.equal((await h.app.inject({ method: 'DELETE', url: '/auth/identities/nope', headers: bearer(a.login.accessToken) })).statusCode, 400);
    const del = await h.app.inject({ method: 'DELETE', url: '/auth/identities/google', headers: bearer(a.login.accessToken) });
    assert.equal(del.statusCode, 204);
    assert.deepEqual(await identities(a.login.accessToken), []);
  });
});
