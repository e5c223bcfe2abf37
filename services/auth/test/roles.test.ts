import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { LoginResponse, User } from '@photocloud/contracts';
import { ConfigError, createAccessTokenVerifier, createLogger, type AccessTokenVerifier } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { loadAuthConfig } from '../src/config.ts';
import { createAuthContext } from '../src/main.ts';
import { openRoleAdmin, type RoleAdmin } from '../src/roles.ts';
import { API_URL, bearer, cookieValue, GOOD_PASSWORD, post, registerAndVerify, startHarness, uniqueEmail, type Harness } from './harness.ts';

forEachDialect('roles', (ctx) =>
  describe('the admin role in accounts and access tokens', () => {
    let h: Harness;
    let listed: Harness;
    let admin: RoleAdmin;
    let verify: AccessTokenVerifier;
    const boss = uniqueEmail('boss');

    before(async () => {
      h = await startHarness(ctx);
      // A second instance on the same database, configured with ADMIN_EMAILS.
      listed = await startHarness(ctx, { env: { DATA_DIR: h.config.dataDir, ADMIN_EMAILS: ` ${boss.toUpperCase()} , other@example.com` } });
      admin = await openRoleAdmin(h.config);
      const jwks = (await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as JSONWebKeySet;
      // The verifier the gateway and gallery use, without its cache so each token is read afresh.
      verify = createAccessTokenVerifier({ jwks: createLocalJWKSet(jwks), issuer: API_URL, cacheSize: 0 });
    });
    after(async () => {
      await admin?.close();
      await listed?.close();
      await h?.close();
    });

    async function me(app: Harness, token: string): Promise<User> {
      const res = await app.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as User;
    }
    async function refresh(app: Harness, cookie: string): Promise<{ body: LoginResponse; cookie: string }> {
      const res = await post(app.app, '/auth/refresh', {}, { cookies: { pc_refresh: cookie } });
      assert.equal(res.statusCode, 200, res.body);
      return { body: res.json() as LoginResponse, cookie: cookieValue(res) };
    }

    it('makes every new account a user, in its profile and its token, which also carries the verified address', async () => {
      const { login, email } = await registerAndVerify(h);
      assert.equal(login.user.role, 'user');
      assert.equal((await verify(login.accessToken)).role, 'user');
      // Services match shares sent to this address; sign-in needs it verified first, so every token has it.
      assert.equal((await verify(login.accessToken)).email, email);
      assert.equal((await me(h, login.accessToken)).role, 'user');
    });

    it('promotes an account: the next refreshed token carries the admin role; demoting takes it away again', async () => {
      const { login, refreshCookie, email } = await registerAndVerify(h);
      const promoted = await admin.roles.setByEmail(email, 'admin');
      assert.equal(promoted.role, 'admin');
      assert.equal((await verify(login.accessToken)).role, 'user', 'a token already handed out keeps what it says until it expires');
      assert.equal((await me(h, login.accessToken)).role, 'admin', 'the profile says it at once');

      const first = await refresh(h, refreshCookie);
      assert.equal((await verify(first.body.accessToken)).role, 'admin');
      assert.equal(first.body.user.role, 'admin');
      assert.deepEqual((await admin.roles.listAdmins()).map((u) => u.email).filter((e) => e === email), [email]);

      await admin.roles.setByEmail(email.toUpperCase(), 'user');
      const second = await refresh(h, first.cookie);
      assert.equal((await verify(second.body.accessToken)).role, 'user');
      assert.equal(second.body.user.role, 'user');
      assert.ok(!(await admin.roles.listAdmins()).some((u) => u.email === email));

      const signedIn = await post(h.app, '/auth/login', { email, password: GOOD_PASSWORD });
      assert.equal((await verify((signedIn.json() as LoginResponse).accessToken)).role, 'user');
    });

    it('refuses to promote an address without an account, changing nothing', async () => {
      await assert.rejects(admin.roles.setByEmail('nobody@example.com', 'admin'), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'NOT_FOUND');
        assert.match(err.message, /nobody@example\.com/);
        return true;
      });
      await assert.rejects(admin.roles.setByEmail('not an email', 'admin'), { code: 'INVALID_EMAIL' });
    });

    it('makes ADMIN_EMAILS accounts admins when they sign in with the address verified, and no one else', async () => {
      const { login } = await registerAndVerify(listed, boss);
      assert.equal(login.user.role, 'admin');
      assert.equal((await verify(login.accessToken)).role, 'admin');
      const someone = await registerAndVerify(listed);
      assert.equal((await verify(someone.login.accessToken)).role, 'user');

      // A demotion of a listed address lasts until the next sign-in on an instance that lists it.
      assert.equal(admin.roles.isListedAdmin(boss), false, 'the CLI here runs without ADMIN_EMAILS');
      await admin.roles.setByEmail(boss, 'user');
      const again = await post(listed.app, '/auth/login', { email: boss, password: GOOD_PASSWORD });
      assert.equal((await verify((again.json() as LoginResponse).accessToken)).role, 'admin');
    });

    it('stops start-up naming ADMIN_EMAILS when an entry is not an address', async () => {
      const config = loadAuthConfig({ ...(ctx.url ? { DATABASE_URL: ctx.url } : {}), DATA_DIR: ctx.dir, API_URL, ADMIN_EMAILS: 'ok@example.com, not-an-address' });
      await assert.rejects(createAuthContext({ config, log: createLogger({ service: 'auth', level: 'silent' }) }), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /ADMIN_EMAILS: "not-an-address" is not a valid email address/);
        return true;
      });
    });
  }),
);
