import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SharedItem, ShareView, ShareViewQuery } from '@photocloud/contracts';
import { refetchPages, refreshDelay } from './useShareView.ts';

const item = (id: string) => ({ id }) as SharedItem;

/** A share of `total` items served in pages, as the API pages them (the cursor is an offset). */
function server(total: number) {
  const asked: ShareViewQuery[] = [];
  const fetchPage = async (q: ShareViewQuery): Promise<ShareView> => {
    asked.push(q);
    const offset = Number(q.cursor ?? 0);
    const end = Math.min(total, offset + (q.limit ?? 200));
    const items = Array.from({ length: end - offset }, (_, i) => item(`m${offset + i}`));
    return { items, nextCursor: end < total ? String(end) : null, urlsExpireInSeconds: 3600 } as ShareView;
  };
  return { asked, fetchPage };
}

describe('share page URL refresh', () => {
  it('replaces URLs a minute before the lifetime the server gave runs out, whatever the device clock says', () => {
    const fetchedAt = 1_000_000;
    assert.equal(refreshDelay({ urlsExpireInSeconds: 3600 }, fetchedAt, fetchedAt), 3_540_000);
    assert.equal(refreshDelay({ urlsExpireInSeconds: 3600 }, fetchedAt, fetchedAt + 3_000_000), 540_000);
    // Past due (a tab asleep for hours): now, never a negative delay.
    assert.equal(refreshDelay({ urlsExpireInSeconds: 3600 }, fetchedAt, fetchedAt + 10_000_000), 0);
    // A lifetime under the margin (a share about to expire): at once.
    assert.equal(refreshDelay({ urlsExpireInSeconds: 30 }, fetchedAt, fetchedAt), 0);
  });

  it('fetches again as many items as were shown, as refreshes, in pages of 500', async () => {
    const { asked, fetchPage } = server(1200);
    const { view, items } = await refetchPages(fetchPage, 700);
    assert.deepEqual(asked, [{ refresh: true, limit: 500 }, { refresh: true, limit: 500, cursor: '500' }]);
    assert.equal(items.length, 1000);
    assert.deepEqual([items[0]!.id, items[999]!.id], ['m0', 'm999']);
    // Scrolling on continues after what was fetched again.
    assert.equal(view.nextCursor, '1000');
  });

  it('stops at the end of a share that shrank meanwhile', async () => {
    const { asked, fetchPage } = server(3);
    const { view, items } = await refetchPages(fetchPage, 10);
    assert.equal(asked.length, 1);
    assert.deepEqual(items.map((i) => i.id), ['m0', 'm1', 'm2']);
    assert.equal(view.nextCursor, null);
  });
});
