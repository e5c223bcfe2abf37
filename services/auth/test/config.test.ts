import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, createLogger } from '@photocloud/kit';
import { createOpaqueToken, parseOpaqueToken, verifyTokenSecret } from '@photocloud/kit/tokens';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { loadAuthConfig } from '../src/config.ts';
import { createAuthContext } from '../src/main.ts';

describe('auth configuration', () => {
  it('has a working default for one machine', () => {
    const c = loadAuthConfig({});
    assert.equal(c.apiUrl, 'http://localhost:8080');
    assert.equal(c.port, 0);
    assert.equal(c.accessTokenTtl, 900);
    assert.equal(c.magicLinkSignup, true);
    assert.equal(c.jwtSecret, undefined);
  });

  it('reports every bad variable at once, one line each, without printing secrets', () => {
    try {
      loadAuthConfig({ JWT_SECRET: 'too-short-secret', ACCESS_TOKEN_TTL: '5', COOKIE_SECURE: 'maybe', MAGIC_LINK_SIGNUP: 'perhaps', API_URL: 'not a url' });
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 5);
      for (const name of ['JWT_SECRET', 'ACCESS_TOKEN_TTL', 'COOKIE_SECURE', 'MAGIC_LINK_SIGNUP', 'API_URL']) assert.ok(err.problems.some((p) => p.startsWith(`${name}=`)), name);
      assert.ok(!err.message.includes('too-short-secret'));
    }
  });
});

describe('opaque tokens (kit/tokens)', () => {
  it('round-trips id.secret and refuses other shapes', () => {
    const t = createOpaqueToken();
    assert.deepEqual(parseOpaqueToken(t.value), { id: t.id, secret: t.secret });
    assert.ok(verifyTokenSecret(t.secret, t.secretHash));
    assert.ok(!verifyTokenSecret(`${t.secret.slice(0, -1)}x`, t.secretHash));
    assert.ok(!verifyTokenSecret(t.secret, 'short'));
    for (const bad of [undefined, 42, '', 'no-dot', '.', `${t.id}.`, `.${t.secret}`, `${t.id}.${t.secret}.x`, `${t.id}.${'a'.repeat(300)}`, `${t.id}.séçret-with-accents`]) {
      assert.equal(parseOpaqueToken(bad), null, String(bad));
    }
    assert.ok(Buffer.from(t.secret, 'base64url').length * 8 >= 128, 'at least 128 bits of randomness');
  });
});

forEachDialect('auth start-up with another JWT_SECRET', (ctx) => {
  it('refuses to start with a JWT_SECRET that does not decrypt the stored keys, naming it', async () => {
    const log = createLogger({ service: 'auth', level: 'silent' });
    const env = { DATA_DIR: ctx.dir, ...(ctx.url ? { DATABASE_URL: ctx.url } : {}) };
    const first = await createAuthContext({ config: loadAuthConfig({ ...env, JWT_SECRET: 'a'.repeat(40) }), log });
    await first.close();
    const again = await createAuthContext({ config: loadAuthConfig({ ...env, JWT_SECRET: 'a'.repeat(40) }), log });
    await again.close();
    await assert.rejects(createAuthContext({ config: loadAuthConfig({ ...env, JWT_SECRET: 'b'.repeat(40) }), log }), /JWT_SECRET does not decrypt/);
  });
});
