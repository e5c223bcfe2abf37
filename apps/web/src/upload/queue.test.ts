import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachLimit, summarize, type UploadItem } from './queue.ts';

const item = (status: UploadItem['status'], size: number, loaded = 0): UploadItem => ({ key: String(Math.random()), name: 'a.jpg', size, status, loaded });

describe('upload bookkeeping', () => {
  it('counts added, duplicates and failures and the overall byte progress', () => {
    const s = summarize([item('done', 100), item('duplicate', 100), item('failed', 100), item('uploading', 100, 50)]);
    assert.deepEqual(s, { total: 4, finished: 3, added: 1, duplicates: 1, failed: 1, fraction: 350 / 400, active: true });
  });

  it('is finished and complete when every file is settled, and empty when nothing was queued', () => {
    assert.equal(summarize([item('done', 0)]).fraction, 1);
    assert.equal(summarize([item('done', 0)]).active, false);
    assert.deepEqual(summarize([]), { total: 0, finished: 0, added: 0, duplicates: 0, failed: 0, fraction: 0, active: false });
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
