/**
 * Body digests computed in one pass while a body streams: MD5 (the ETag), SHA-256 (for signed
 * payloads) and the S3 additional checksums.
 *
 * CONTRACT (implemented in this file; the request pipeline depends on these exact shapes).
 */
import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crc32 } from 'node:zlib';
import { crc32c } from '@node-rs/crc32';
import { S3Error } from './errors.ts';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256' | 'CRC64NVME';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'];

/** `x-amz-checksum-crc32` etc. */
export function checksumHeader(alg: ChecksumAlgorithm): string {
  return `x-amz-checksum-${alg.toLowerCase()}`;
}

/** Digest size in bytes of each algorithm (the base64 value must decode to this). */
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, SHA1: 20, SHA256: 32, CRC64NVME: 8 };

export interface BodyDigestOptions {
  sha256?: boolean;
  checksums?: readonly ChecksumAlgorithm[];
}

export interface BodyDigestResult {
  md5: Buffer;
  sha256?: Buffer;
  /** Base64 of the big-endian digest, as S3 sends it. */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/** Feeds every chunk to MD5 and to the requested digests; `finish()` once at the end. */
export class BodyDigest {
  size = 0;
  readonly #md5: Hash = createHash('md5');
  readonly #sha256: Hash | undefined;
  readonly #sha1: Hash | undefined;
  readonly #algorithms: ReadonlySet<ChecksumAlgorithm>;
  #crc32: number | undefined;
  #crc32c: number | undefined;
  readonly #crc64: Crc64Nvme | undefined;

  constructor(opts: BodyDigestOptions = {}) {
    this.#algorithms = new Set(opts.checksums ?? []);
    const has = (alg: ChecksumAlgorithm) => this.#algorithms.has(alg);
    if (opts.sha256 === true || has('SHA256')) this.#sha256 = createHash('sha256');
    if (has('SHA1')) this.#sha1 = createHash('sha1');
    if (has('CRC32')) this.#crc32 = 0;
    if (has('CRC32C')) this.#crc32c = 0;
    if (has('CRC64NVME')) this.#crc64 = new Crc64Nvme();
  }

  update(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.#md5.update(chunk);
    this.#sha256?.update(chunk);
    this.#sha1?.update(chunk);
    if (this.#crc32 !== undefined) this.#crc32 = crc32(chunk, this.#crc32);
    if (this.#crc32c !== undefined) this.#crc32c = crc32c(chunk, this.#crc32c);
    this.#crc64?.update(chunk);
  }

  finish(): BodyDigestResult {
    const sha256 = this.#sha256?.digest();
    const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
    if (this.#crc32 !== undefined) checksums.CRC32 = uint32Base64(this.#crc32);
    if (this.#crc32c !== undefined) checksums.CRC32C = uint32Base64(this.#crc32c);
    if (this.#sha1 !== undefined) checksums.SHA1 = this.#sha1.digest('base64');
    if (sha256 !== undefined && this.#algorithms.has('SHA256')) checksums.SHA256 = sha256.toString('base64');
    if (this.#crc64 !== undefined) checksums.CRC64NVME = this.#crc64.digest().toString('base64');
    return { md5: this.#md5.digest(), ...(sha256 !== undefined && { sha256 }), checksums };
  }
}

function uint32Base64(value: number): string {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value >>> 0);
  return b.toString('base64');
}

export interface RequestedChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64 value from the x-amz-checksum-* header; absent for trailers and compute-only requests. */
  expected?: string;
  /** The value arrives in the aws-chunked trailer named checksumHeader(algorithm). */
  fromTrailer: boolean;
}

// x-amz-checksum-* headers that carry no checksum value.
const NOT_VALUE_HEADERS = new Set(['x-amz-checksum-algorithm', 'x-amz-checksum-type', 'x-amz-checksum-mode']);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function algorithmFromName(name: string, from: string): ChecksumAlgorithm {
  const alg = CHECKSUM_ALGORITHMS.find((a) => checksumHeader(a) === name);
  if (alg === undefined) throw new S3Error('InvalidRequest', `The checksum algorithm of ${from} "${name}" is not supported.`);
  return alg;
}

function parseAlgorithm(value: string, from: string): ChecksumAlgorithm {
  const alg = CHECKSUM_ALGORITHMS.find((a) => a === value.trim().toUpperCase());
  if (alg === undefined) throw new S3Error('InvalidRequest', `Value for ${from} header is invalid.`);
  return alg;
}

/** True when `value` is canonical base64 of exactly the algorithm's digest size. */
export function isValidChecksumValue(alg: ChecksumAlgorithm, value: string): boolean {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === DIGEST_BYTES[alg] && bytes.toString('base64') === value;
}

/**
 * The checksum a request asks for, from x-amz-checksum-<alg> (value sent), x-amz-trailer (value in
 * the aws-chunked trailer), x-amz-sdk-checksum-algorithm or x-amz-checksum-algorithm (compute only).
 * At most one checksum per request, as S3 allows.
 */
export function requestedChecksums(headers: IncomingHttpHeaders): RequestedChecksum[] {
  const out: RequestedChecksum[] = [];
  for (const name in headers) {
    if (!name.startsWith('x-amz-checksum-') || NOT_VALUE_HEADERS.has(name)) continue;
    const algorithm = algorithmFromName(name, 'header');
    const expected = header(headers, name)!.trim();
    if (!isValidChecksumValue(algorithm, expected)) throw new S3Error('InvalidRequest', `Value for ${name} header is invalid.`);
    out.push({ algorithm, expected, fromTrailer: false });
  }
  for (const name of (header(headers, 'x-amz-trailer') ?? '').split(',')) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed !== '') out.push({ algorithm: algorithmFromName(trimmed, 'trailer'), fromTrailer: true });
  }
  if (out.length > 1) {
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  for (const from of ['x-amz-sdk-checksum-algorithm', 'x-amz-checksum-algorithm']) {
    const value = header(headers, from);
    if (value === undefined) continue;
    const algorithm = parseAlgorithm(value, from);
    if (out.length === 0) out.push({ algorithm, fromTrailer: false });
    else if (out[0]!.algorithm !== algorithm) throw new S3Error('InvalidRequest', `Value for ${from} header is invalid.`);
  }
  return out;
}

/** Content-MD5: malformed → InvalidDigest, different → BadDigest. No header: nothing to check. */
export function verifyContentMd5(headerValue: string | undefined, md5: Buffer): void {
  if (headerValue === undefined) return;
  const value = headerValue.trim();
  const sent = Buffer.from(value, 'base64');
  if (sent.length !== 16 || sent.toString('base64') !== value) {
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was not valid.');
  }
  if (!sent.equals(md5)) throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
}

/**
 * Compares each requested checksum (header value, or trailer value from the decoder) with the
 * computed one; returns the checksums to store with the object.
 */
export function verifyChecksums(
  requested: readonly RequestedChecksum[],
  computed: Partial<Record<ChecksumAlgorithm, string>>,
  trailers: Readonly<Record<string, string>> = {},
): Partial<Record<ChecksumAlgorithm, string>> {
  const stored: Partial<Record<ChecksumAlgorithm, string>> = {};
  for (const r of requested) {
    const actual = computed[r.algorithm];
    if (actual === undefined) throw new TypeError(`BodyDigest was not asked to compute ${r.algorithm}`);
    const name = checksumHeader(r.algorithm);
    const expected = r.fromTrailer ? trailers[name] : r.expected;
    if (r.fromTrailer && expected === undefined) throw new S3Error('InvalidRequest', `The trailer ${name} declared in x-amz-trailer is missing.`);
    if (r.fromTrailer && !isValidChecksumValue(r.algorithm, expected!)) throw new S3Error('InvalidRequest', `Value for ${name} trailing header is invalid.`);
    if (expected !== undefined && expected !== actual) {
      throw new S3Error('BadDigest', `The ${r.algorithm} you specified did not match the calculated checksum.`);
    }
    stored[r.algorithm] = actual;
  }
  return stored;
}

/**
 * CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5), slice-by-8 over 32-bit halves.
 * Kept here rather than @aws-sdk/crc64-nvme because that class only offers an async digest()
 * and BodyDigest.finish() is synchronous; the tests check both agree.
 */
const CRC64_TABLES = (() => {
  const t = new Uint32Array(8 * 256 * 2); // [slice][byte] → hi, lo
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi >>>= 1;
      if (carry) {
        hi = (hi ^ 0x9a6c9329) >>> 0;
        lo = (lo ^ 0xac4bc9b5) >>> 0;
      }
    }
    t[i * 2] = hi;
    t[i * 2 + 1] = lo;
  }
  for (let s = 1; s < 8; s++) {
    for (let i = 0; i < 256; i++) {
      const p = ((s - 1) * 256 + i) * 2;
      const hi = t[p]!;
      const lo = t[p + 1]!;
      const q = (lo & 0xff) * 2;
      t[(s * 256 + i) * 2] = (hi >>> 8) ^ t[q]!;
      t[(s * 256 + i) * 2 + 1] = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ t[q + 1]!) >>> 0;
    }
  }
  return t;
})();

export class Crc64Nvme {
  #hi = 0xffffffff;
  #lo = 0xffffffff;

  update(data: Uint8Array): void {
    const t = CRC64_TABLES;
    let hi = this.#hi;
    let lo = this.#lo;
    let i = 0;
    const end8 = data.length - 7;
    for (; i < end8; i += 8) {
      const a = (lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
      const b = (hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24))) >>> 0;
      const i7 = (7 * 256 + (a & 0xff)) * 2;
      const i6 = (6 * 256 + ((a >>> 8) & 0xff)) * 2;
      const i5 = (5 * 256 + ((a >>> 16) & 0xff)) * 2;
      const i4 = (4 * 256 + (a >>> 24)) * 2;
      const i3 = (3 * 256 + (b & 0xff)) * 2;
      const i2 = (2 * 256 + ((b >>> 8) & 0xff)) * 2;
      const i1 = (256 + ((b >>> 16) & 0xff)) * 2;
      const i0 = (b >>> 24) * 2;
      hi = t[i7]! ^ t[i6]! ^ t[i5]! ^ t[i4]! ^ t[i3]! ^ t[i2]! ^ t[i1]! ^ t[i0]!;
      lo = t[i7 + 1]! ^ t[i6 + 1]! ^ t[i5 + 1]! ^ t[i4 + 1]! ^ t[i3 + 1]! ^ t[i2 + 1]! ^ t[i1 + 1]! ^ t[i0 + 1]!;
    }
    for (; i < data.length; i++) {
      const q = ((lo ^ data[i]!) & 0xff) * 2;
      lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ t[q + 1]!) >>> 0;
      hi = (hi >>> 8) ^ t[q]!;
    }
    this.#hi = hi >>> 0;
    this.#lo = lo >>> 0;
  }

  /** Big-endian 8 bytes. */
  digest(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32BE((this.#hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.#lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}
