import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SimilarGroup } from '@photocloud/contracts';
import { defaultChoices, percent, pickReasons } from './pick.ts';

const exif = { make: 'Cam', model: 'X', lens: null, exposureTime: null, fNumber: null, iso: null, focalLength: null };
const photo = (id: string, over: Partial<{ isFavorite: boolean; width: number | null; height: number | null; size: number; exif: typeof exif | null }> = {}) => ({
  id,
  isFavorite: false,
  width: 1000 as number | null,
  height: 800 as number | null,
  size: 200_000,
  exif: null as typeof exif | null,
  ...over,
});

describe('similar photos: why the suggested pick', () => {
  it('names what sets the pick apart from every other member', () => {
    assert.deepEqual(pickReasons([photo('a', { width: 4000, height: 3000 }), photo('b')], 'a'), ['resolution']);
    assert.deepEqual(pickReasons([photo('a', { size: 900_000 }), photo('b')], 'a'), ['bytes']);
    assert.deepEqual(pickReasons([photo('a', { isFavorite: true }), photo('b', { width: 4000, height: 3000 })], 'a'), ['favorite']);
    assert.deepEqual(pickReasons([photo('a', { exif, width: 2000 }), photo('b')], 'a'), ['resolution', 'exif']);
  });

  it('says "any will do" for identical copies, and nothing without a pick or others', () => {
    assert.deepEqual(pickReasons([photo('a'), photo('b')], 'a'), ['first']);
    assert.deepEqual(pickReasons([photo('a'), photo('b')], null), []);
    assert.deepEqual(pickReasons([photo('a')], 'a'), []);
  });

  it('does not claim "larger" when another member is as large', () => {
    const reasons = pickReasons([photo('a', { width: 2000, size: 300_000 }), photo('b', { width: 2000 }), photo('c')], 'a');
    assert.deepEqual(reasons, ['bytes']);
    assert.deepEqual(pickReasons([photo('a', { width: 2000 }), photo('b', { width: 2000, size: 900_000 })], 'a'), ['first']);
  });

  it('keeps the pick and trashes the rest by default; the first photo without a pick', () => {
    const members = ['x', 'y', 'z'].map((id) => ({ media: { id } })) as unknown as SimilarGroup['members'];
    assert.deepEqual(defaultChoices({ members, suggestedMediaId: 'y' }), { x: 'trash', y: 'keep', z: 'trash' });
    assert.deepEqual(defaultChoices({ members, suggestedMediaId: null }), { x: 'keep', y: 'trash', z: 'trash' });
    assert.deepEqual(defaultChoices({ members, suggestedMediaId: 'gone' }), { x: 'keep', y: 'trash', z: 'trash' });
  });

  it('rounds scores to whole percents within 0–100', () => {
    assert.equal(percent(0.875), 88);
    assert.equal(percent(1), 100);
    assert.equal(percent(1.2), 100);
  });
});
