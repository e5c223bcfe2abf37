import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { sha256Hex } from './hash.ts';

const MiB = 1024 * 1024;
const bytes = (n: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 11)) & 255);
const expected = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A file that refuses to be read whole: only slices of it may be read. */
function sliceOnly(data: Uint8Array<ArrayBuffer>): Blob {
  const blob = new Blob([data]);
  return { size: blob.size, slice: (a?: number, b?: number) => blob.slice(a, b), arrayBuffer: () => Promise.reject(new Error('read whole')) } as unknown as Blob;
}

describe('sha256Hex (browser uploads)', () => {
  it('hashes small files in one read, as node:crypto does', async () => {
    for (const n of [0, 1, 1000, 3 * MiB]) {
      const data = bytes(n);
      assert.equal(await sha256Hex(new Blob([data])), expected(data));
    }
  });

  it('reads a large file in slices and never whole, with the same digest', async () => {
    for (const n of [16 * MiB + 1, 24 * MiB, 40 * MiB + 12345]) {
      const data = bytes(n);
      assert.equal(await sha256Hex(sliceOnly(data)), expected(data));
    }
  });

  it('stops when the upload is cancelled', async () => {
    const abort = new AbortController();
    abort.abort(new Error('cancelled'));
    await assert.rejects(sha256Hex(sliceOnly(bytes(20 * MiB)), abort.signal), /cancelled/);
  });
});
