import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachLimit, isTransient, summarize, type UploadItem } from './queue.ts';

const item = (status: UploadItem['status'], size: number, loaded = 0): UploadItem => ({ key: String(Math.random()), name: 'a.jpg', size, status, loaded });

describe('upload bookkeeping', () => {
  it('counts added, duplicates and failures and the overall byte progress', () => {
    const s = summarize([item('done', 100), item('duplicate', 100), item('failed', 100), item('uploading', 100, 50)]);
    assert.deepEqual(s, { total: 4, finished: 3, added: 1, duplicates: 1, failed: 1, cancelled: 0, fraction: 350 / 400, active: true });
  });

  it('is finished and complete when every file is settled, and empty when nothing was queued', () => {
    assert.equal(summarize([item('done', 0)]).fraction, 1);
    assert.equal(summarize([item('done', 0)]).active, false);
    assert.deepEqual(summarize([]), { total: 0, finished: 0, added: 0, duplicates: 0, failed: 0, cancelled: 0, fraction: 0, active: false });
    const cancelled = summarize([item('cancelled', 100, 30), item('done', 100)]);
    assert.deepEqual([cancelled.cancelled, cancelled.active, cancelled.fraction], [1, false, 1]);
  });

  it('retries on its own only what a retry can fix', () => {
    const err = (code: string, status: number) => Object.assign(new Error(code), { code, status });
    assert.deepEqual(
      [err('NETWORK', 0), err('UPSTREAM_FAILED', 502), err('RATE_LIMITED', 429), err('QUOTA_EXCEEDED', 413), err('UNSUPPORTED_MEDIA', 415), err('UPLOAD_INCOMPLETE', 409)].map(isTransient),
      [true, true, true, false, false, false],
    );
    assert.equal(isTransient(new Error('x')), false);
  });

  it('never runs more than the limit at once and runs everything', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await eachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      running -= 1;
    });
    assert.equal(peak, 3);
    assert.deepEqual(seen.sort(), [1, 2, 3, 4, 5, 6, 7]);
  });
});
