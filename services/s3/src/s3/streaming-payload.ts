/**
 * Decoder for `Content-Encoding: aws-chunked` bodies (the STREAMING-* values of x-amz-content-sha256).
 *
 *   signed:   <hex-size>;chunk-signature=<sig>\r\n<data>\r\n … 0;chunk-signature=<sig>\r\n[trailers]\r\n
 *   unsigned: <hex-size>\r\n<data>\r\n … 0\r\n<name>:<value>\r\n … \r\n
 *
 * Signed chunks are held until their signature is verified, so a tampered chunk never reaches the
 * store; data is passed on as subarrays of the input, never copied into one body buffer.
 */
import { createHash, timingSafeEqual, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { canonicalTrailers, chunkSignature, trailerSignature } from '@photocloud/sigv4';
import { S3Error } from './errors.ts';
import type { PayloadMode, VerifiedAuth } from './sigv4.ts';

export interface ChunkedDecoderOptions {
  mode: PayloadMode;
  /** Required for the signed modes: key, scope, date and seed signature of the request. */
  verified?: VerifiedAuth;
  /** Trailer names from x-amz-trailer; no other trailer is accepted. */
  declaredTrailers: readonly string[];
  /** x-amz-decoded-content-length, when sent. */
  decodedLength?: number;
  /** Largest signed chunk held in memory while its signature is checked (default 16 MiB). */
  maxChunkSize?: number;
}

const enum State {
  SizeLine,
  Data,
  DataCr,
  DataLf,
  Trailers,
  Done,
}

const MAX_LINE = 8192;
const SIGNATURE_EXT = ';chunk-signature=';
const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

const invalid = (message: string) => new S3Error('InvalidRequest', `Invalid aws-chunked body: ${message}`);
const badSignature = (what: string) =>
  new S3Error('SignatureDoesNotMatch', `The ${what} signature we calculated does not match the signature you provided.`);

export class ChunkedDecoder extends Transform {
  /** Trailing headers (lowercased names), complete once the stream has finished. */
  readonly trailers: Record<string, string> = {};
  /** Decoded bytes passed on so far. */
  decodedBytes = 0;

  readonly #signed: boolean;
  readonly #trailerSigned: boolean;
  readonly #verified: VerifiedAuth | undefined;
  readonly #declared: Set<string>;
  readonly #decodedLength: number | undefined;
  readonly #maxChunk: number;

  #state = State.SizeLine;
  #pos = 0;
  #line = Buffer.allocUnsafe(MAX_LINE);
  #lineLen = 0;
  #remaining = 0;
  #chunkSize = 0;
  #chunkSig = '';
  #prevSig = '';
  #hash: Hash | undefined;
  #pieces: Buffer[] = [];
  #trailerList: [string, string][] = [];
  #trailerSig: string | undefined;

  constructor(opts: ChunkedDecoderOptions) {
    super();
    if (!opts.mode.startsWith('streaming-')) throw new TypeError(`ChunkedDecoder cannot decode payload mode ${opts.mode}`);
    this.#signed = opts.mode === 'streaming-signed' || opts.mode === 'streaming-signed-trailer';
    this.#trailerSigned = opts.mode === 'streaming-signed-trailer';
    if (this.#signed && opts.verified === undefined) throw new TypeError('signed aws-chunked bodies need the verified request auth');
    this.#verified = opts.verified;
    this.#prevSig = opts.verified?.seedSignature ?? '';
    this.#declared = new Set(opts.declaredTrailers.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''));
    if (opts.mode === 'streaming-signed' && this.#declared.size > 0) throw invalid('x-amz-trailer needs a *-TRAILER payload mode.');
    this.#decodedLength = opts.decodedLength;
    this.#maxChunk = opts.maxChunkSize ?? 16 * 1024 * 1024;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#state !== State.Done) {
      callback(new S3Error('IncompleteBody', 'The request body ended before the final aws-chunked chunk and trailers.'));
    } else if (this.#decodedLength !== undefined && this.decodedBytes !== this.#decodedLength) {
      callback(
        new S3Error('IncompleteBody', `You did not provide the number of bytes specified by x-amz-decoded-content-length (${this.decodedBytes} of ${this.#decodedLength}).`),
      );
    } else {
      callback();
    }
  }

  #consume(chunk: Buffer): void {
    this.#pos = 0;
    while (this.#pos < chunk.length) {
      switch (this.#state) {
        case State.SizeLine: {
          const line = this.#takeLine(chunk);
          if (line !== undefined) this.#startChunk(line);
          break;
        }
        case State.Data:
          this.#takeData(chunk);
          break;
        case State.DataCr:
          if (chunk[this.#pos++] !== 0x0d) throw invalid('chunk data must be followed by CRLF.');
          this.#state = State.DataLf;
          break;
        case State.DataLf:
          if (chunk[this.#pos++] !== 0x0a) throw invalid('chunk data must be followed by CRLF.');
          this.#state = State.SizeLine;
          break;
        case State.Trailers: {
          const line = this.#takeLine(chunk);
          if (line !== undefined) this.#trailerLine(line);
          break;
        }
        case State.Done:
          throw invalid('data follows the final chunk.');
      }
    }
  }

  /** The next CRLF-terminated line, or undefined when it continues in a later write. */
  #takeLine(chunk: Buffer): string | undefined {
    const nl = chunk.indexOf(0x0a, this.#pos);
    const end = nl === -1 ? chunk.length : nl;
    const n = end - this.#pos;
    if (this.#lineLen + n > MAX_LINE) throw invalid('a chunk header or trailer line is too long.');
    if (nl === -1) {
      chunk.copy(this.#line, this.#lineLen, this.#pos, end);
      this.#lineLen += n;
      this.#pos = chunk.length;
      return undefined;
    }
    let line: string;
    if (this.#lineLen === 0) {
      line = chunk.toString('latin1', this.#pos, end);
    } else {
      chunk.copy(this.#line, this.#lineLen, this.#pos, end);
      line = this.#line.toString('latin1', 0, this.#lineLen + n);
      this.#lineLen = 0;
    }
    this.#pos = nl + 1;
    if (line.charCodeAt(line.length - 1) !== 0x0d) throw invalid('lines must end with CRLF.');
    return line.slice(0, -1);
  }

  #startChunk(line: string): void {
    const semi = line.indexOf(';');
    const hex = semi === -1 ? line : line.slice(0, semi);
    if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw invalid(`bad chunk size "${hex.slice(0, 20)}".`);
    const size = parseInt(hex, 16);
    if (this.#signed) {
      const sig = semi === -1 ? '' : line.slice(semi);
      if (!sig.startsWith(SIGNATURE_EXT) || !/^[0-9a-f]{64}$/.test(sig.slice(SIGNATURE_EXT.length))) {
        throw invalid('each chunk needs ";chunk-signature=" and 64 lowercase hex digits.');
      }
      if (size > this.#maxChunk) throw invalid(`chunk of ${size} bytes exceeds the ${this.#maxChunk} byte limit.`);
      this.#chunkSig = sig.slice(SIGNATURE_EXT.length);
      this.#hash = createHash('sha256');
    }
    if (this.#decodedLength !== undefined && this.decodedBytes + size > this.#decodedLength) {
      throw invalid(`the body is longer than x-amz-decoded-content-length (${this.#decodedLength}).`);
    }
    this.#chunkSize = size;
    this.#remaining = size;
    if (size === 0) {
      if (this.#signed) this.#verifyChunk();
      this.#state = State.Trailers;
    } else {
      this.#state = State.Data;
    }
  }

  #takeData(chunk: Buffer): void {
    const take = Math.min(this.#remaining, chunk.length - this.#pos);
    const piece = take === chunk.length ? chunk : chunk.subarray(this.#pos, this.#pos + take);
    this.#pos += take;
    this.#remaining -= take;
    if (!this.#signed) {
      this.decodedBytes += take;
      this.push(piece);
    } else {
      this.#hash!.update(piece);
      this.#pieces.push(piece);
      if (this.#remaining === 0) this.#releaseChunk();
    }
    if (this.#remaining === 0) this.#state = State.DataCr;
  }

  /** Verifies the held signed chunk, then passes its data on. */
  #releaseChunk(): void {
    this.#verifyChunk();
    const pieces = this.#pieces;
    this.#pieces = [];
    this.decodedBytes += this.#chunkSize;
    // Many tiny writes would make many tiny pushes: join those (bounded by the chunk size).
    if (pieces.length > 8) this.push(Buffer.concat(pieces, this.#chunkSize));
    else for (const p of pieces) this.push(p);
  }

  #verifyChunk(): void {
    const v = this.#verified!;
    const digest = this.#hash!.digest('hex');
    this.#hash = undefined;
    const expected = chunkSignature(v.signingKey, v.amzDate, v.scope, this.#prevSig, digest);
    if (!sameHex(expected, this.#chunkSig)) throw badSignature('chunk');
    this.#prevSig = this.#chunkSig;
  }

  #trailerLine(line: string): void {
    if (line === '') return this.#endTrailers();
    if (this.#trailerSig !== undefined) throw invalid('x-amz-trailer-signature must be the last trailer.');
    const colon = line.indexOf(':');
    if (colon <= 0) throw invalid('a trailer line is not "name:value".');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (this.#trailerSigned && name === TRAILER_SIGNATURE) {
      this.#trailerSig = value;
      return;
    }
    if (!this.#declared.has(name)) throw invalid(`trailer "${name}" was not declared in x-amz-trailer.`);
    if (name in this.trailers) throw invalid(`trailer "${name}" was sent twice.`);
    this.trailers[name] = value;
    this.#trailerList.push([name, value]);
  }

  #endTrailers(): void {
    for (const name of this.#declared) {
      if (!(name in this.trailers)) throw invalid(`the trailer "${name}" declared in x-amz-trailer is missing.`);
    }
    if (this.#trailerSigned) {
      if (this.#trailerSig === undefined) throw invalid('x-amz-trailer-signature is missing.');
      const v = this.#verified!;
      const expected = trailerSignature(v.signingKey, v.amzDate, v.scope, this.#prevSig, canonicalTrailers(this.#trailerList));
      if (!sameHex(expected, this.#trailerSig)) throw badSignature('trailer');
    }
    this.#state = State.Done;
  }
}

function sameHex(expected: string, provided: string): boolean {
  return provided.length === expected.length && timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(provided, 'latin1'));
}
