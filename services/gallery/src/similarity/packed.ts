// Hashes as two Uint32Array halves (8 bytes per photo, no BigInt objects), addressed by index:
// callers keep their own index → id table.
import { phashFromHex, popcount64 } from '../imaging/phash.ts';

export interface PackedHashes {
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly length: number;
}

export function packHashes(hashes: readonly bigint[]): PackedHashes {
  const n = hashes.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = hashes[i]!;
    if (h < 0n || h > 0xffffffffffffffffn) throw new RangeError(`hash ${i} is not an unsigned 64-bit integer`);
    hi[i] = Number(h >> 32n);
    lo[i] = Number(h & 0xffffffffn);
  }
  return { hi, lo, length: n };
}

export function packHexHashes(hexes: readonly string[]): PackedHashes {
  const n = hexes.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const hex = hexes[i]!;
    phashFromHex(hex); // validates; parsing the halves directly avoids a BigInt per photo
    hi[i] = Number.parseInt(hex.slice(0, 8), 16);
    lo[i] = Number.parseInt(hex.slice(8), 16);
  }
  return { hi, lo, length: n };
}

export function hashAt(h: PackedHashes, i: number): bigint {
  return (BigInt(h.hi[i]!) << 32n) | BigInt(h.lo[i]!);
}

/** Concatenation, so new hashes get indices after the existing ones. */
export function concatHashes(a: PackedHashes, b: PackedHashes): PackedHashes {
  const hi = new Uint32Array(a.length + b.length);
  const lo = new Uint32Array(a.length + b.length);
  hi.set(a.hi.subarray(0, a.length));
  hi.set(b.hi.subarray(0, b.length), a.length);
  lo.set(a.lo.subarray(0, a.length));
  lo.set(b.lo.subarray(0, b.length), a.length);
  return { hi, lo, length: a.length + b.length };
}

export function distanceAt(h: PackedHashes, i: number, j: number): number {
  return popcount64(h.hi[i]! ^ h.hi[j]!, h.lo[i]! ^ h.lo[j]!);
}

/** Unordered pairs (a < b) with their Hamming distance, in growable typed arrays. */
export class PairList {
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);
  distance = new Uint8Array(1024);
  length = 0;

  push(i: number, j: number, d: number): void {
    if (this.length === this.a.length) this.grow();
    const k = this.length++;
    this.a[k] = i < j ? i : j;
    this.b[k] = i < j ? j : i;
    this.distance[k] = d;
  }

  /** Pair keys `a * 2^32 + b` (exact in a double), handy for comparing pair sets. */
  keys(): Set<number> {
    const out = new Set<number>();
    for (let k = 0; k < this.length; k++) out.add(this.a[k]! * 0x100000000 + this.b[k]!);
    return out;
  }

  private grow(): void {
    const size = this.a.length * 2;
    const a = new Uint32Array(size);
    const b = new Uint32Array(size);
    const d = new Uint8Array(size);
    a.set(this.a);
    b.set(this.b);
    d.set(this.distance);
    this.a = a;
    this.b = b;
    this.distance = d;
  }
}
