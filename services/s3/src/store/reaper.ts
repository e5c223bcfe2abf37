import type { Logger } from '@photocloud/kit';
import type { BlobStore } from './blob.store.ts';
import type { MetaStore } from './meta.store.ts';

/**
 * Unlinks replaced and deleted blobs at once, and clears their 'garbage' intents in batches:
 * one DELETE for many overwrites instead of one write transaction each. An intent left behind
 * by a crash only makes start-up recovery unlink a file that is already gone.
 */
export class BlobReaper {
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly meta: MetaStore,
    private readonly blobs: BlobStore,
    private readonly log: Logger,
    private readonly delayMs = 100,
  ) {}

  /** Unlinks the blob now; its intent is cleared with the next batch. */
  async reap(blobId: string): Promise<void> {
    await this.blobs.remove(blobId);
    this.#pending.push(blobId);
    if (this.#pending.length >= 500) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    this.#flushing = this.#flushing.then(async () => {
      try {
        await this.meta.forgetIntents(batch);
      } catch (err) {
        // Harmless: recovery clears them at the next start.
        this.log.warn({ err, count: batch.length }, 'could not clear blob garbage intents');
      }
    });
    return this.#flushing;
  }
}
