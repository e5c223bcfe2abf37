import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RecentOriginals } from '../src/blobs/recent-originals.ts';

it('hands each recent original over once and drops the oldest beyond its byte bound', () => {
  const recent = new RecentOriginals(10);
  recent.put('a', Buffer.alloc(4), { sha256: 'a' });
  recent.put('b', Buffer.alloc(4), { sha256: 'b' });
  recent.put('c', Buffer.alloc(4), { sha256: 'c' });
  assert.equal(recent.take('a'), undefined, 'evicted: 12 bytes > 10');
  assert.deepEqual(recent.take('b')?.metadata, { sha256: 'b' });
  assert.equal(recent.take('b'), undefined, 'taken once');
  recent.put('huge', Buffer.alloc(11), {});
  assert.equal(recent.take('huge'), undefined, 'larger than the bound: never kept');
  assert.equal(recent.take('c')?.body.length, 4);
});
