import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ManualClock } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import type { LoginResponse, Passkey } from '@photocloud/contracts';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { SoftwareAuthenticator } from './authenticator.ts';
import { API_URL, bearer, cookieValue, post, registerAndVerify, startHarness, type Harness } from './harness.ts';

forEachDialect('passkeys', (ctx) => {
  let h: Harness;
  const clock = new ManualClock();
  before(async () => {
    h = await startHarness(ctx, { clock });
  });
  after(() => h.close());

  async function enrol(token: string, device = new SoftwareAuthenticator(API_URL)): Promise<{ device: SoftwareAuthenticator; passkey: Passkey }> {
    const begin = await post(h.app, '/auth/passkey/register/begin', undefined, { headers: bearer(token) });
    assert.equal(begin.statusCode, 200, begin.body);
    const options = begin.json<PublicKeyCredentialCreationOptionsJSON>();
    const finish = await post(h.app, '/auth/passkey/register/finish', { response: device.create(options), name: 'Laptop' }, { headers: bearer(token) });
    assert.equal(finish.statusCode, 201, finish.body);
    return { device, passkey: finish.json<Passkey>() };
  }

  async function loginOptions(email?: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const res = await h.app.inject({ method: 'GET', url: '/auth/passkey/login/begin', query: email ? { email } : {} });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<PublicKeyCredentialRequestOptionsJSON>();
  }

  it('registers a passkey while signed in and signs in with it by email, with the refresh cookie', async () => {
    const { login, email } = await registerAndVerify(h);
    const { device, passkey } = await enrol(login.accessToken);
    assert.equal(passkey.name, 'Laptop');
    assert.equal(passkey.backedUp, false);
    const options = await loginOptions(email.toUpperCase());
    assert.deepEqual(options.allowCredentials?.map((c) => c.id), [passkey.id]);
    assert.equal(options.rpId, 'photos.example.test');
    const res = await post(h.app, '/auth/passkey/login/finish', { response: device.get(options) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<LoginResponse>().user.id, login.user.id);
    assert.ok(cookieValue(res), 'same sign-in path as a password: the refresh cookie is set');
    const list = await h.app.inject({ method: 'GET', url: '/auth/passkeys', headers: bearer(login.accessToken) });
    assert.ok(list.json<Passkey[]>()[0]!.lastUsedAt);
  });

  it('signs in usernameless with a discoverable credential', async () => {
    const { login } = await registerAndVerify(h);
    const { device } = await enrol(login.accessToken);
    const options = await loginOptions();
    assert.deepEqual(options.allowCredentials ?? [], []);
    const res = await post(h.app, '/auth/passkey/login/finish', { response: device.get(options) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<LoginResponse>().user.id, login.user.id);
  });

  it('refuses a replayed assertion, another origin, another RP id and an unknown challenge', async () => {
    const { login, email } = await registerAndVerify(h);
    const { device } = await enrol(login.accessToken);
    const options = await loginOptions(email);
    const response = device.get(options);
    assert.equal((await post(h.app, '/auth/passkey/login/finish', { response })).statusCode, 200);
    const replay = await post(h.app, '/auth/passkey/login/finish', { response });
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.json<{ error: { code: string } }>().error.code, 'PASSKEY_CHALLENGE_INVALID');

    const origin = await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(email), { origin: 'https://evil.example' }) });
    assert.equal(origin.statusCode, 401);
    assert.equal(origin.json<{ error: { code: string } }>().error.code, 'PASSKEY_INVALID');
    const rpId = await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(email), { rpId: 'evil.example' }) });
    assert.equal(rpId.statusCode, 401);
    const forged = await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(email), { challenge: 'bm90LWEtY2hhbGxlbmdlLWZyb20tdXM' }) });
    assert.equal(forged.statusCode, 400);
    // The refusals changed nothing: the passkey still signs in.
    assert.equal((await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(email)) })).statusCode, 200);
  });

  it('refuses an expired challenge and a signature counter that went backwards', async () => {
    const { login, email } = await registerAndVerify(h);
    const { device } = await enrol(login.accessToken);
    const stale = await loginOptions(email);
    clock.advance(301_000);
    const expired = await post(h.app, '/auth/passkey/login/finish', { response: device.get(stale) });
    assert.equal(expired.statusCode, 400);
    assert.equal(expired.json<{ error: { code: string } }>().error.code, 'PASSKEY_CHALLENGE_INVALID');
    assert.equal((await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(email), { counter: 10 }) })).statusCode, 200);
    const cloned = await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(email), { counter: 5 }) });
    assert.equal(cloned.statusCode, 401, 'a counter lower than the stored one means a cloned authenticator');
    assert.equal((await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(email), { counter: 11 }) })).statusCode, 200);
  });

  it('refuses registration without a session, with another account\'s challenge, or from another origin', async () => {
    assert.equal((await post(h.app, '/auth/passkey/register/begin', undefined)).statusCode, 401);
    const a = await registerAndVerify(h);
    const b = await registerAndVerify(h);
    const device = new SoftwareAuthenticator(API_URL);
    const optionsA = (await post(h.app, '/auth/passkey/register/begin', undefined, { headers: bearer(a.login.accessToken) })).json<PublicKeyCredentialCreationOptionsJSON>();
    const stolen = await post(h.app, '/auth/passkey/register/finish', { response: device.create(optionsA) }, { headers: bearer(b.login.accessToken) });
    assert.equal(stolen.statusCode, 400);
    const optionsB = (await post(h.app, '/auth/passkey/register/begin', undefined, { headers: bearer(b.login.accessToken) })).json<PublicKeyCredentialCreationOptionsJSON>();
    const evil = await post(h.app, '/auth/passkey/register/finish', { response: device.create(optionsB, { origin: 'https://photos.example.test.evil.example' }) }, { headers: bearer(b.login.accessToken) });
    assert.equal(evil.statusCode, 401);
    const list = await h.app.inject({ method: 'GET', url: '/auth/passkeys', headers: bearer(b.login.accessToken) });
    assert.deepEqual(list.json(), []);
    const bad = await post(h.app, '/auth/passkey/register/finish', { response: { id: 'x' } }, { headers: bearer(b.login.accessToken) });
    assert.equal(bad.statusCode, 400);
    const unreadable = await post(h.app, '/auth/passkey/login/finish', {
      response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'bm90LWpzb24', authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} },
    });
    assert.equal(unreadable.statusCode, 401, 'clientDataJSON that is not JSON');
  });

  it('lists, renames and deletes only the caller\'s own passkeys', async () => {
    const a = await registerAndVerify(h);
    const b = await registerAndVerify(h);
    const { passkey, device } = await enrol(a.login.accessToken);
    const renamed = await h.app.inject({ method: 'PATCH', url: `/auth/passkeys/${passkey.id}`, headers: bearer(a.login.accessToken), payload: { name: 'Phone' } });
    assert.equal(renamed.json<Passkey>().name, 'Phone');
    const otherRename = await h.app.inject({ method: 'PATCH', url: `/auth/passkeys/${passkey.id}`, headers: bearer(b.login.accessToken), payload: { name: 'Mine now' } });
    assert.equal(otherRename.statusCode, 404);
    const otherDelete = await h.app.inject({ method: 'DELETE', url: `/auth/passkeys/${passkey.id}`, headers: bearer(b.login.accessToken) });
    assert.equal(otherDelete.statusCode, 404);
    assert.deepEqual((await h.app.inject({ method: 'GET', url: '/auth/passkeys', headers: bearer(b.login.accessToken) })).json(), []);
    const mine = await h.app.inject({ method: 'GET', url: '/auth/passkeys', headers: bearer(a.login.accessToken) });
    assert.equal(mine.json<Passkey[]>()[0]!.name, 'Phone');
    const del = await h.app.inject({ method: 'DELETE', url: `/auth/passkeys/${passkey.id}`, headers: bearer(a.login.accessToken) });
    assert.equal(del.statusCode, 204);
    const gone = await post(h.app, '/auth/passkey/login/finish', { response: device.get(await loginOptions(a.email)) });
    assert.equal(gone.statusCode, 401, 'a deleted passkey no longer signs in');
  });
});
