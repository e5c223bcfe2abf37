import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** File streams move 1 MiB at a time: fewer syscalls for big bodies, small enough to keep memory flat. */
export const FILE_HWM = 1024 * 1024;

const BLOB_ID = /^[0-9a-f]{32}$/;

/**
 * Object bytes on disk. File names are random ids, never derived from keys, so no key can
 * escape the data directory or collide with another (`a/b` and `a/b/c`, `..`, trailing `/`).
 * Layout: <root>/blobs/<2 hex>/<id>; <root>/tmp/<id> for writers that stage a file before publishing it.
 */
export class BlobStore {
  readonly tmpDir: string;
  readonly blobsDir: string;

  constructor(root: string) {
    this.tmpDir = join(root, 'tmp');
    this.blobsDir = join(root, 'blobs');
  }

  /** Creates the directories (all 256 fan-out folders up front: no mkdir on the hot path). */
  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    await Promise.all(
      Array.from({ length: 256 }, (_, i) => mkdir(join(this.blobsDir, i.toString(16).padStart(2, '0')), { recursive: true })),
    );
  }

  newId(): string {
    return randomBytes(16).toString('hex');
  }

  tmpPath(id: string): string {
    return join(this.tmpDir, id);
  }

  blobPath(id: string): string {
    if (!BLOB_ID.test(id)) throw new TypeError(`bad blob id ${id}`);
    return join(this.blobsDir, id.slice(0, 2), id);
  }

  createTmpStream(id: string): WriteStream {
    // flush: fsync before close, so a finished stream is durable before it is renamed.
    return createWriteStream(this.tmpPath(id), { flags: 'wx', highWaterMark: FILE_HWM, flush: true });
  }

  /**
   * Writes a new blob in place ('wx': never over another file), fsynced before close. No rename
   * is needed: nothing reads a blob before a committed row names it, and a write-intent row
   * recorded first lets recovery remove it if the process dies before that commit.
   */
  createBlobStream(id: string): WriteStream {
    return createWriteStream(this.blobPath(id), { flags: 'wx', highWaterMark: FILE_HWM, flush: true });
  }

  /** Moves a finished (fsynced) temp file into place. */
  async publish(id: string): Promise<void> {
    await rename(this.tmpPath(id), this.blobPath(id));
  }

  async discardTmp(id: string): Promise<void> {
    await rm(this.tmpPath(id), { force: true });
  }

  /** Opens a blob for reading; null when it is gone (deleted or replaced meanwhile). */
  async openBlob(id: string): Promise<FileHandle | null> {
    try {
      return await open(this.blobPath(id), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await unlink(this.blobPath(id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** Empties tmp/ (uploads interrupted by a crash). */
  async clearTmp(): Promise<number> {
    const names = await readdir(this.tmpDir);
    await Promise.all(names.map((n) => rm(join(this.tmpDir, n), { force: true, recursive: true })));
    return names.length;
  }
}
