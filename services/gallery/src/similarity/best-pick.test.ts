import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestBestPick, type PickCandidate } from './best-pick.ts';
import { pairReason, REENCODED_MAX_DISTANCE } from './reason.ts';

const photo = (id: string, over: Partial<PickCandidate> = {}): PickCandidate => ({
  id,
  width: 4000,
  height: 3000,
  bytes: 3_000_000,
  isFavorite: false,
  hasExif: true,
  ...over,
});

describe('suggestBestPick', () => {
  it('prefers the full-resolution original over a downscaled copy', () => {
    const pick = suggestBestPick([photo('small', { width: 2000, height: 1500, bytes: 900_000 }), photo('full')]);
    assert.equal(pick.id, 'full');
    assert.deepEqual(pick.ranking.map((r) => r.id), ['full', 'small']);
  });

  it('lets a favorite win even at lower resolution', () => {
    assert.equal(suggestBestPick([photo('full'), photo('fav', { width: 1000, height: 750, isFavorite: true })]).id, 'fav');
  });

  it('uses sharpness to choose among burst shots of the same size', () => {
    const pick = suggestBestPick([photo('blurry', { sharpness: 40 }), photo('sharp', { sharpness: 120 }), photo('mid', { sharpness: 80 })]);
    assert.deepEqual(pick.ranking.map((r) => r.id), ['sharp', 'mid', 'blurry']);
  });

  it('ignores sharpness unless every member has it, then falls back to bytes and EXIF', () => {
    const pick = suggestBestPick([photo('a', { sharpness: 500, bytes: 1_000_000 }), photo('b', { bytes: 2_000_000 })]);
    assert.equal(pick.id, 'b');
    assert.equal(suggestBestPick([photo('stripped', { hasExif: false }), photo('exif')]).id, 'exif');
  });

  it('keeps the input order on ties and rejects an empty group', () => {
    assert.equal(suggestBestPick([photo('first'), photo('second')]).id, 'first');
    assert.throws(() => suggestBestPick([]), /at least one member/);
  });
});

describe('pairReason', () => {
  it('names same bytes, re-encodes and near-identical shots', () => {
    assert.equal(pairReason({ sameBytes: true, distance: 0 }), 'same-bytes');
    assert.equal(pairReason({ sameBytes: false, distance: 0 }), 're-encoded-or-resized');
    assert.equal(pairReason({ sameBytes: false, distance: REENCODED_MAX_DISTANCE }), 're-encoded-or-resized');
    assert.equal(pairReason({ sameBytes: false, distance: REENCODED_MAX_DISTANCE + 1 }), 'near-identical-shot');
  });
});
