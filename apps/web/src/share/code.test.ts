import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countOf, dayFromNow, expiryOf, generateCode, looksLikeEmail } from './code.ts';

describe('share dialog helpers', () => {
  it('generates readable codes: 6 characters without look-alikes (0/O, 1/I/L), different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => generateCode()));
    for (const c of codes) assert.match(c, /^[A-HJKMNP-Z2-9]{6}$/);
    assert.ok(codes.size > 190);
  });

  it('sends the expiry each choice means', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    assert.equal(expiryOf('never', '', now), null);
    assert.equal(expiryOf('1', '', now), '2026-03-11T12:00:00.000Z');
    assert.equal(expiryOf('30', '', now), '2026-04-09T12:00:00.000Z');
    // A date means the end of that day where the owner is.
    const end = new Date(expiryOf('date', '2026-04-01', now)!);
    assert.deepEqual([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()], [2026, 3, 1, 23, 59]);
    assert.equal(dayFromNow(1, new Date(2026, 0, 31, 10)), '2026-02-01');
  });

  it('tells addresses from typos, and counts in the right number', () => {
    assert.ok(looksLikeEmail('bob@example.org'));
    for (const bad of ['bob', 'bob@', '@example.org', 'bob@example', 'bo b@example.org']) assert.equal(looksLikeEmail(bad), false, bad);
    const t = (k: string, v?: Record<string, number>) => `${k}:${v?.count ?? ''}`;
    assert.equal(countOf(t, 'items', 1), 'share.oneItem:');
    assert.equal(countOf(t, 'items', 3), 'share.items:3');
    assert.equal(countOf(t, 'views', 0), 'share.views:0');
  });
});
