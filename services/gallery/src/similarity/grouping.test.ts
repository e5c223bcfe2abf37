import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectSimilarGroups } from './detect.ts';
import { groupPairs } from './grouping.ts';
import { naivePairs } from './naive.ts';
import { packHashes } from './packed.ts';
import { hammingDistance } from '../imaging/phash.ts';

const hammingDistanceAt = (all: bigint[], i: number, j: number): number => hammingDistance(all[i]!, all[j]!);

/** The lowest `n` bits set. */
const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

describe('complete-link grouping', () => {
  it('does not chain A–B–C when d(A,B) = d(B,C) = t and d(A,C) = 2t', () => {
    const t = 8;
    const A = 0n;
    const B = ones(t); // bits 0..7
    const C = ones(2 * t); // bits 0..15: d(B,C) = 8, d(A,C) = 16
    const hashes = packHashes([A, B, C]);
    const pairs = naivePairs(hashes, t);
    assert.equal(pairs.length, 2, 'A–B and B–C are neighbours, A–C is not');
    const groups = groupPairs(hashes, pairs, { threshold: t });
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.members.length, 2, 'only one of the two neighbours joins');
  });

  it('keeps a long path of neighbours in groups whose diameter stays within t', () => {
    const t = 4;
    // 20 hashes, each 2 bits from the previous one, so the path spans 38 bits end to end.
    const path = Array.from({ length: 20 }, (_, i) => ones(2 * i));
    const hashes = packHashes(path);
    const groups = detectSimilarGroups(hashes, { threshold: t });
    assert.ok(groups.length >= 6);
    for (const g of groups) {
      for (const x of g.members) for (const y of g.members) assert.ok(Math.abs(x.index - y.index) <= 2);
    }
  });

  it('scores members against the medoid as 1 − distance/64, medoid first', () => {
    const hashes = packHashes([ones(3), ones(1), ones(2), 0xf0f0f0f0f0f0f0f0n]);
    const [group, ...rest] = detectSimilarGroups(hashes, { threshold: 4 });
    assert.equal(rest.length, 0);
    assert.equal(group!.medoid, 2); // ones(2) is 1 bit from each of the others
    assert.deepEqual(group!.members, [
      { index: 2, distance: 0, score: 1 },
      { index: 0, distance: 1, score: 1 - 1 / 64 },
      { index: 1, distance: 1, score: 1 - 1 / 64 },
    ]);
  });

  it('keeps every group within t and every photo in one group, even in dense bursts', () => {
    let x = 0x243f6a8885a308d3n;
    const next = (): bigint => (x = BigInt.asUintN(64, x * 6364136223846793005n + 1442695040888963407n)) >> 33n;
    const centers = [0n, ones(6), 0xffff0000ffff0000n];
    const all = Array.from({ length: 1500 }, (_, i) => {
      let h = centers[i % 3]!;
      for (let f = Number(next() % 5n); f > 0; f--) h ^= 1n << (next() % 64n);
      return h;
    });
    const hashes = packHashes(all);
    const groups = detectSimilarGroups(hashes, { threshold: 6 });
    const seen = new Set<number>();
    for (const g of groups) {
      for (const a of g.members) {
        assert.ok(!seen.has(a.index));
        seen.add(a.index);
        for (const b of g.members) assert.ok(hammingDistanceAt(all, a.index, b.index) <= 6);
      }
    }
    assert.ok(seen.size > 1400, 'nearly every photo is grouped');
  });

  it('merges closest pairs first, whatever order the pairs arrive in', () => {
    const hashes = packHashes([0n, ones(1), ones(8), ones(9)]);
    const pairs = naivePairs(hashes, 8);
    const groups = groupPairs(hashes, pairs, { threshold: 8 });
    assert.deepEqual(groups.map((g) => g.members.map((m) => m.index).sort()), [[0, 1], [2, 3]]);
  });
});
