import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutBands } from './bands.ts';
import { detectSimilarGroups } from './detect.ts';
import { assignToGroups, findPairsAcross } from './incremental.ts';
import { packHashes } from './packed.ts';

/** The lowest `n` bits set. */
const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

describe('assignToGroups (incremental)', () => {
  const existing = packHashes([0n, ones(2), 0xff00ff00ff00ff00n, ones(40), 0x123456789abcdefn]);
  const groups = [[0, 1]];

  it('adds a new photo to the group it is close to every member of', () => {
    const { extended, created } = assignToGroups({ existing, groups, added: packHashes([ones(1)]), threshold: 4 });
    assert.equal(created.length, 0);
    assert.equal(extended.length, 1);
    assert.equal(extended[0]!.initial, 0);
    assert.deepEqual(extended[0]!.members.map((m) => m.index).sort(), [0, 1, 5]);
  });

  it('forms new groups with ungrouped photos and among the new ones, never merging existing groups', () => {
    const added = packHashes([0xff00ff00ff00ff01n, ones(41), ones(41) ^ (1n << 50n), ones(3)]);
    const { extended, created } = assignToGroups({ existing, groups: [[0, 1], [2]], added, threshold: 4 });
    assert.deepEqual(extended.map((g) => [g.initial, g.members.map((m) => m.index).sort()]), [
      [0, [0, 1, 8]],
      [1, [2, 5]],
    ]);
    assert.deepEqual(created.map((g) => g.members.map((m) => m.index).sort()), [[3, 6, 7]]);
  });

  it('finds the same cross pairs with bands as by scanning', () => {
    const lib: bigint[] = [];
    const add: bigint[] = [];
    let x = 0x9e3779b97f4a7c15n;
    const next = (): bigint => (x = BigInt.asUintN(64, x * 6364136223846793005n + 1442695040888963407n));
    for (let i = 0; i < 3000; i++) lib.push(next());
    for (let i = 0; i < 200; i++) add.push(i % 2 ? next() : lib[i * 7]! ^ (next() & next() & next() & next()));
    const [a, b] = [packHashes(lib), packHashes(add)];
    const show = (p: ReturnType<typeof findPairsAcross>): string[] =>
      Array.from({ length: p.length }, (_, k) => `${p.a[k]}-${p.b[k]}:${p.distance[k]}`).sort();
    const scanned = show(findPairsAcross(a, b, 10, { kind: 'naive' }));
    assert.ok(scanned.length >= 30);
    for (const m of [3, 4, 11]) assert.deepEqual(show(findPairsAcross(a, b, 10, { kind: 'bands', bands: layoutBands(m, 10, 3000) })), scanned);
  });

  it('agrees with a full run on a larger random library', () => {
    const r = (() => {
      let s = 7;
      return () => BigInt.asUintN(64, BigInt((s = (s * 48271) % 2147483647)) * 0x9e3779b97f4a7c15n);
    })();
    const all: bigint[] = [];
    for (let i = 0; i < 3000; i++) all.push(i % 5 === 4 ? all[i - 1]! ^ (1n << BigInt(i % 64)) : r());
    const full = detectSimilarGroups(packHashes(all), { threshold: 6 });
    const before = detectSimilarGroups(packHashes(all.slice(0, 2000)), { threshold: 6 });
    const { extended, created } = assignToGroups({
      existing: packHashes(all.slice(0, 2000)),
      groups: before.map((g) => g.members.map((m) => m.index)),
      added: packHashes(all.slice(2000)),
      threshold: 6,
    });
    const canon = (gs: { members: { index: number }[] }[]): string[] =>
      gs.map((g) => g.members.map((m) => m.index).sort((a, b) => a - b).join(',')).sort();
    const unchanged = before.filter((g) => !extended.some((e) => e.initial === before.indexOf(g)));
    assert.deepEqual(canon([...unchanged, ...extended, ...created]), canon(full));
  });
});
