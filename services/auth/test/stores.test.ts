import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { migrateToLatest, openDb, type Database } from '@photocloud/kit';
import { createOpaqueToken } from '@photocloud/kit/tokens';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { migrations } from '../src/db/migrations/index.ts';
import type { AuthDb } from '../src/db/schema.ts';
import { OneTimeTokenStore } from '../src/stores/one-time-token.store.ts';
import { RateLimitStore } from '../src/stores/rate-limit.store.ts';
import { SessionStore } from '../src/stores/session.store.ts';
import { UserStore, type UserRow } from '../src/stores/user.store.ts';
import { MaintenanceService } from '../src/services/maintenance.service.ts';
import { ManualClock } from '@photocloud/kit';

const T0 = '2026-01-01T00:00:00.000Z';
const later = (min: number) => new Date(Date.parse(T0) + min * 60_000).toISOString();

function user(email: string, username: string | null = null): UserRow {
  return {
    id: randomUUID(),
    email,
    emailVerifiedAt: T0,
    username,
    passwordHash: null,
    firstName: null,
    lastName: null,
    phoneNumber: null,
    birthDate: null,
    googleId: null,
    locale: null,
    createdAt: T0,
    updatedAt: T0,
  };
}

forEachDialect('auth stores', (ctx) => {
  let database: Database<AuthDb>;
  before(async () => {
    database = await openDb<AuthDb>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'auth' });
    await migrateToLatest(database.db, migrations);
    await migrateToLatest(database.db, migrations); // a second start changes nothing
  });
  after(() => database.close());

  it('keeps emails unique and tells a taken username apart from a taken email', async () => {
    const users = new UserStore(database.db);
    await users.create(user('a@example.com', 'alice'));
    await assert.rejects(users.create(user('a@example.com')), { code: 'CONFLICT' });
    await assert.rejects(users.create(user('b@example.com', 'alice')), { code: 'USERNAME_TAKEN' });
    await users.create(user('c@example.com'));
    await users.create(user('d@example.com')); // several accounts without a username
    assert.equal((await users.getByEmail('a@example.com'))?.username, 'alice');
  });

  it('consumes a one-time token once, only with its secret, purpose and before expiry', async () => {
    const store = new OneTimeTokenStore(database.db);
    const t = createOpaqueToken();
    await store.create({ id: t.id, secretHash: t.secretHash, purpose: 'magic_link', userId: null, email: 'x@example.com', payload: null, expiresAt: later(10), usedAt: null, createdAt: T0 });
    assert.equal(await store.consume(t.id, 'magic_link', 'wrong-hash', later(1)), undefined);
    assert.equal(await store.consume(t.id, 'password_reset', t.secretHash, later(1)), undefined);
    assert.equal(await store.consume(t.id, 'magic_link', t.secretHash, later(11)), undefined, 'expired');
    const results = await Promise.all(Array.from({ length: 8 }, () => store.consume(t.id, 'magic_link', t.secretHash, later(2))));
    assert.equal(results.filter(Boolean).length, 1, 'exactly one concurrent consume wins');
    assert.equal((await store.getById(t.id))?.usedAt, later(2));
  });

  it('counts rate-limit hits atomically and restarts the window', async () => {
    const store = new RateLimitStore(database.db);
    const hits = await Promise.all(Array.from({ length: 10 }, () => store.hit('k', later(0), later(-60))));
    assert.deepEqual(hits.map((h) => h.count).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal((await store.hit('k', later(30), later(-30))).count, 11, 'same window');
    const fresh = await store.hit('k', later(61), later(1));
    assert.equal(fresh.count, 1, 'new window');
    assert.equal(fresh.windowStart, later(61));
    await store.block('k', later(70));
    assert.equal((await store.get('k'))?.blockedUntil, later(70));
    await store.clear('k');
    assert.equal(await store.get('k'), undefined);
  });

  it('marks a refresh token used once and revokes sessions per user, keeping one when asked', async () => {
    const users = new UserStore(database.db);
    const u = user('sessions@example.com');
    await users.create(u);
    const store = new SessionStore(database.db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      ids.push(id);
      const t = createOpaqueToken();
      await store.create(
        { id, userId: u.id, method: 'password', createdAt: T0, lastUsedAt: T0, expiresAt: later(60), revokedAt: null, revokedReason: null, providerIdToken: null, userAgent: null, ip: '127.0.0.1' },
        { id: t.id, sessionId: id, secretHash: t.secretHash, createdAt: T0, usedAt: null },
      );
      if (i === 0) {
        assert.equal(await store.markTokenUsed(t.id, later(1)), true);
        assert.equal(await store.markTokenUsed(t.id, later(2)), false);
      }
    }
    assert.equal(await store.revokeAllForUser(u.id, 'test', later(3), ids[0]), 2);
    assert.equal((await store.getById(ids[0]!))?.revokedAt, null);
    assert.equal((await store.getById(ids[1]!))?.revokedReason, 'test');
  });

  it('sweeps links, sessions and counters that are a day past use, and keeps the rest', async () => {
    const users = new UserStore(database.db);
    const u = user('sweep@example.com');
    await users.create(u);
    const tokens = new OneTimeTokenStore(database.db);
    const sessions = new SessionStore(database.db);
    const mk = async (expiresMin: number) => {
      const t = createOpaqueToken();
      await tokens.create({ id: t.id, secretHash: t.secretHash, purpose: 'password_reset', userId: u.id, email: u.email, payload: null, expiresAt: later(expiresMin), usedAt: null, createdAt: T0 });
      const s = createOpaqueToken();
      const sid = randomUUID();
      await sessions.create(
        { id: sid, userId: u.id, method: 'password', createdAt: T0, lastUsedAt: T0, expiresAt: later(expiresMin), revokedAt: null, revokedReason: null, providerIdToken: null, userAgent: null, ip: null },
        { id: s.id, sessionId: sid, secretHash: s.secretHash, createdAt: T0, usedAt: null },
      );
      return { token: t.id, session: sid };
    };
    const old = await mk(30);
    const fresh = await mk(3 * 24 * 60);
    const limits = new RateLimitStore(database.db);
    await limits.hit('sweep-me', T0, later(-60));
    await limits.hit('blocked', T0, later(-60));
    await limits.block('blocked', later(5 * 24 * 60));
    const clock = new ManualClock(Date.parse(later(2 * 24 * 60)));
    const swept = await new MaintenanceService(database.db, clock).sweep();
    assert.ok(swept.tokens >= 1 && swept.sessions >= 1 && swept.counters >= 1);
    assert.equal(await tokens.getById(old.token), undefined);
    assert.equal(await sessions.getById(old.session), undefined);
    assert.ok(await tokens.getById(fresh.token));
    assert.ok(await sessions.getById(fresh.session));
    assert.equal(await limits.get('sweep-me'), undefined);
    assert.ok(await limits.get('blocked'), 'a counter still blocking stays');
  });
});
