import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandDistance, bandKey, layoutBands, makeBand, planSearch, type SearchPlan } from './bands.ts';
import { naivePairs } from './naive.ts';
import { hashAt, packHashes, packHexHashes, type PackedHashes } from './packed.ts';
import { enumerateMasks, findSimilarPairs } from './search.ts';
import { hammingDistance } from '../imaging/phash.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let z = Math.imul(s ^ (s >>> 15), s | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
}

/** n random hashes; every 7th is a copy of its predecessor with 0..maxFlips random bits flipped. */
function planted(n: number, maxFlips: number, seed: number): PackedHashes {
  const r = rng(seed);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (i % 7 === 6) {
      let h = hi[i - 1]!;
      let l = lo[i - 1]!;
      for (let f = r() % (maxFlips + 1); f > 0; f--) {
        const bit = r() % 64;
        if (bit < 32) l ^= 1 << bit;
        else h ^= 1 << (bit - 32);
      }
      hi[i] = h;
      lo[i] = l;
    } else {
      hi[i] = r();
      lo[i] = r();
    }
  }
  return { hi, lo, length: n };
}

function pairSet(list: ReturnType<typeof naivePairs>): string[] {
  const out: string[] = [];
  for (let k = 0; k < list.length; k++) out.push(`${list.a[k]}-${list.b[k]}:${list.distance[k]}`);
  return out.sort();
}

describe('findSimilarPairs', () => {
  const hashes = planted(4000, 14, 42);

  for (const t of [0, 3, 8, 10, 12]) {
    it(`finds exactly the all-pairs result at threshold ${t}, whatever the band count`, () => {
      const expected = pairSet(naivePairs(hashes, t));
      assert.ok(expected.length > (t === 0 ? 10 : 100), 'the planted neighbours are within reach');
      const plans: SearchPlan[] = [planSearch(hashes.length, t)];
      for (const m of new Set([3, 4, 5, 8, Math.max(3, t + 1)])) plans.push({ kind: 'bands', bands: layoutBands(m, t, hashes.length) });
      for (const plan of plans) assert.deepEqual(pairSet(findSimilarPairs(hashes, { threshold: t, plan })), expected);
    });
  }

  it('reports each pair once with a < b, including exact duplicates', () => {
    const dup = packHashes([5n, 5n, 5n, 0xffffffffffffffffn, 4n]);
    const pairs = findSimilarPairs(dup, { threshold: 1, plan: { kind: 'bands', bands: layoutBands(3, 1, 5) } });
    assert.deepEqual(pairSet(pairs), ['0-1:0', '0-2:0', '0-4:1', '1-2:0', '1-4:1', '2-4:1']);
  });

  it('handles empty and single-hash inputs', () => {
    assert.equal(findSimilarPairs(packHashes([]), { threshold: 8 }).length, 0);
    assert.equal(findSimilarPairs(packHashes([1n]), { threshold: 8, plan: { kind: 'bands', bands: layoutBands(3, 8, 1) } }).length, 0);
  });

  it('rejects a threshold that is not an integer from 0 to 32', () => {
    for (const t of [-1, 1.5, 33, Number.NaN]) assert.throws(() => findSimilarPairs(hashes, { threshold: t }), /integer from 0 to 32/);
  });
});

describe('bands', () => {
  it('extracts keys from bands that straddle the two 32-bit halves', () => {
    const band = makeBand(22, 21, 1); // bits 22..42
    const h = 0x0123456789abcdefn;
    const key = bandKey(band, Number(h >> 32n), Number(h & 0xffffffffn));
    assert.equal(key, Number((h >> 22n) & ((1n << 21n) - 1n)));
    const other = h ^ (1n << 30n) ^ (1n << 40n) ^ 1n;
    const x = h ^ other;
    assert.equal(bandDistance(band, Number(x >> 32n), Number(x & 0xffffffffn)), 2);
  });

  it('covers all 64 bits with disjoint bands and radii that satisfy the pigeonhole bound', () => {
    for (const [m, t] of [[3, 8], [3, 10], [4, 10], [5, 7], [11, 10], [3, 0]] as const) {
      const bands = layoutBands(m, t, 100_000);
      assert.equal(bands.reduce((s, b) => s + b.width, 0), 64);
      // Two hashes can dodge every band only by differing in radius+1 bits in each: more than t.
      assert.equal(bands.reduce((s, b) => s + b.radius + 1, 0), t + 1);
    }
  });

  it('enumerates every mask with 1..radius bits once', () => {
    const masks = enumerateMasks(10, 3);
    assert.equal(masks.length, 10 + 45 + 120);
    assert.equal(new Set(masks).size, masks.length);
  });
});

describe('packed hashes', () => {
  it('packs bigint and hex forms identically and reads them back', () => {
    const values = [0n, 1n, 0xdeadbeefcafebaben, 0xffffffffffffffffn];
    const a = packHashes(values);
    const b = packHexHashes(values.map((v) => v.toString(16).padStart(16, '0')));
    assert.deepEqual([...a.hi], [...b.hi]);
    assert.deepEqual([...a.lo], [...b.lo]);
    assert.deepEqual(values.map((_, i) => hashAt(a, i)), values);
    assert.equal(hammingDistance(hashAt(a, 2), hashAt(a, 3)), 18); // 0xdeadbeefcafebabe has 46 bits set
  });

  it('rejects malformed input', () => {
    assert.throws(() => packHexHashes(['xyz']), /16 hex characters/);
    assert.throws(() => packHashes([-1n]), /unsigned 64-bit/);
  });
});
