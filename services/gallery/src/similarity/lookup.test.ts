import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hammingDistance, phashFromHex, phashToHex } from '../imaging/phash.ts';
import { MAX_LOOKUP_KEYS, neighbourKeys } from './lookup.ts';

/** Deterministic 64-bit values (xorshift), so a failure replays. */
function* hashes(seed: bigint): Generator<bigint> {
  let x = seed;
  for (;;) {
    x ^= (x << 13n) & 0xffffffffffffffffn;
    x ^= x >> 7n;
    x ^= (x << 17n) & 0xffffffffffffffffn;
    yield x;
  }
}

/** `base` with `n` distinct bits flipped, chosen from the generator. */
function flip(base: bigint, n: number, rnd: Generator<bigint>): bigint {
  const bits = new Set<number>();
  while (bits.size < n) bits.add(Number(rnd.next().value! % 64n));
  let out = base;
  for (const b of bits) out ^= 1n << BigInt(b);
  return out;
}

/** Whether `hex` holds one of the looked-up keys in the right band, as the SQL lookup would find it. */
function found(hex: string, queries: NonNullable<ReturnType<typeof neighbourKeys>>): boolean {
  return queries.some((q) => q.keys.includes(hex.slice(4 * q.band, 4 * q.band + 4)));
}

describe('neighbourKeys (band lookup of one photo)', () => {
  it('finds every hash within the threshold, however its differing bits fall', () => {
    const rnd = hashes(0x9e3779b97f4a7c15n);
    for (const threshold of [0, 1, 3, 4, 7, 8, 10, 12]) {
      for (let trial = 0; trial < 200; trial++) {
        const target = rnd.next().value!;
        const queries = neighbourKeys(phashToHex(target), threshold);
        assert.ok(queries, `threshold ${threshold} is looked up, not scanned`);
        // Worst case for bands: all the differing bits in as few bands as the distance allows, or spread.
        const near = flip(target, threshold, rnd);
        const clustered = target ^ ((1n << BigInt(threshold)) - 1n);
        for (const other of [target, near, clustered]) {
          assert.equal(hammingDistance(other, target) <= threshold, true);
          assert.ok(found(phashToHex(other), queries), `t=${threshold}: ${phashToHex(other)} near ${phashToHex(target)} was missed`);
        }
      }
    }
  });

  it('asks for lower-case 4-hex keys, few of them at the default threshold', () => {
    const queries = neighbourKeys('00ff00ff00ff00ff', 8)!;
    const keys = queries.flatMap((q) => q.keys);
    assert.ok(keys.every((k) => /^[0-9a-f]{4}$/.test(k)));
    assert.ok(keys.length < 250, `${keys.length} keys`);
    assert.ok(queries.every((q) => q.band >= 0 && q.band < 4));
  });

  it('leaves high thresholds to a scan rather than thousands of keys', () => {
    assert.equal(neighbourKeys('0123456789abcdef', 20), null);
    const atTwelve = neighbourKeys('0123456789abcdef', 12)!;
    assert.ok(atTwelve.flatMap((q) => q.keys).length <= MAX_LOOKUP_KEYS);
  });

  it('does not match a typical unrelated hash (about 32 bits away)', () => {
    const target = phashFromHex('0123456789abcdef');
    const queries = neighbourKeys(phashToHex(target), 8)!;
    const far = target ^ 0x0f0f0f0f0f0f0f0fn;
    assert.equal(found(phashToHex(far), queries), false);
  });
});
