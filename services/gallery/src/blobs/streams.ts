import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';

/**
 * Reads the first `n` bytes (or all, if shorter) and hands back a stream that replays them followed
 * by the rest, so the bytes can be recognised before anything is stored. `ended`: `head` is the whole body.
 */
export function peek(input: Readable, n: number): Promise<{ head: Buffer; stream: Readable; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= n) finish(false);
    };
    const onEnd = (): void => finish(true);
    const finish = (ended: boolean): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', reject);
      input.pause();
      const head = Buffer.concat(chunks);
      const stream = new PassThrough();
      stream.write(head);
      if (ended) stream.end();
      else {
        input.once('error', (err) => stream.destroy(err));
        input.pipe(stream);
      }
      resolve({ head: ended ? head : head.subarray(0, n), stream, ended: ended && head.length <= n });
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', reject);
  });
}

/** Passes bytes through while hashing them (SHA-256) and failing once more than `limit` bytes went by. */
export class HashingCounter extends Transform {
  readonly #hash = createHash('sha256');
  bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly onLimit: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(this.onLimit());
    this.#hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.#hash.digest('hex');
  }
}

/** SHA-256 (hex) and length of a whole stream, reading it once. */
export async function hashStream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
