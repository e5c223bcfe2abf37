import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { LoginResponse } from '@photocloud/contracts';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { runAdmin } from '../src/admin.ts';
import { cookieValue, post, registerAndVerify, startHarness, type Harness } from '../../../services/auth/test/harness.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'photocloud.mjs');

/** Runs the command's function as `photocloud admin …` would, capturing what it prints. */
async function admin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runAdmin(args, env, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

forEachDialect('photocloud admin', (ctx) =>
  describe('promote, demote and list against the auth database', () => {
    let h: Harness;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      h = await startHarness(ctx);
      env = { DATA_DIR: h.config.dataDir, ...(ctx.url ? { DATABASE_URL: ctx.url } : {}) };
    });
    after(() => h?.close());

    async function refreshed(cookie: string): Promise<{ role: unknown; cookie: string; user: LoginResponse['user'] }> {
      const res = await post(h.app, '/auth/refresh', {}, { cookies: { pc_refresh: cookie } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as LoginResponse;
      return { role: decodeJwt(body.accessToken).role, cookie: cookieValue(res), user: body.user };
    }

    it('promotes: the next refreshed access token carries the admin role; demote takes it back', async () => {
      const { login, refreshCookie, email } = await registerAndVerify(h);
      assert.equal(decodeJwt(login.accessToken).role, 'user');

      const promoted = await admin(['promote', email], env);
      assert.deepEqual([promoted.code, promoted.err], [0, '']);
      assert.match(promoted.out, new RegExp(`${email.replace(/\./g, '\\.')} is now an administrator`));
      const first = await refreshed(refreshCookie);
      assert.deepEqual([first.role, first.user.role], ['admin', 'admin']);
      assert.match((await admin(['list'], env)).out, new RegExp(email.replace(/\./g, '\\.')));

      const demoted = await admin(['demote', email], env);
      assert.equal(demoted.code, 0);
      assert.match(demoted.out, /is now a regular user/);
      const second = await refreshed(first.cookie);
      assert.deepEqual([second.role, second.user.role], ['user', 'user']);
      assert.doesNotMatch((await admin(['list'], env)).out, new RegExp(email.replace(/\./g, '\\.')));
    });

    it('warns when demoting an address ADMIN_EMAILS still names', async () => {
      const { email } = await registerAndVerify(h);
      await admin(['promote', email], env);
      const res = await admin(['demote', email], { ...env, ADMIN_EMAILS: email });
      assert.equal(res.code, 0);
      assert.match(res.err, /ADMIN_EMAILS names .* administrator again at their next sign-in/);
    });

    it('fails with a clear message for an unknown address or a wrong command', async () => {
      const unknown = await admin(['promote', 'nobody@example.com'], env);
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /No account has the address nobody@example\.com \(looked in /);
      const usage = await admin(['promote'], env);
      assert.equal(usage.code, 2);
      assert.match(usage.err, /Usage: photocloud admin/);
      assert.equal((await admin(['list', 'extra'], env)).code, 2);
    });
  }),
);

describe('photocloud admin (the installed command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-admin-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '' }, encoding: 'utf8', timeout: 60_000 });

  it('prints its help, and refuses to work on a data directory with no auth database', () => {
    const help = run(['admin', '--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /promote <email>/);
    const missing = run(['admin', 'promote', 'someone@example.com']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no auth database at .*auth\.db/);
  });
});
