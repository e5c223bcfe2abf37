import type { Clock, Logger } from '@photocloud/kit';
import { NoSuchUploadError, type MultipartStore } from './multipart.store.ts';
import type { BlobReaper } from './reaper.ts';

/** Aborts multipart uploads older than maxAgeMs: at start, then every quarter of the age (at most hourly). */
export class UploadSweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly uploads: MultipartStore,
    private readonly reaper: BlobReaper,
    private readonly log: Logger,
    private readonly maxAgeMs: number,
    private readonly clock: Clock,
  ) {}

  start(): void {
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), Math.min(this.maxAgeMs / 4, 3600_000));
    this.#timer.unref();
  }

  /** One pass; resolves to the number of uploads aborted. Never throws (logged instead). */
  sweep(): Promise<number> {
    this.#running = this.#running.then(async () => {
      let aborted = 0;
      try {
        const before = new Date(this.clock.now().getTime() - this.maxAgeMs).toISOString();
        for (;;) {
          const ids = await this.uploads.uploadsCreatedBefore(before, 100);
          for (const id of ids) {
            try {
              for (const blob of await this.uploads.abortUpload(id)) await this.reaper.reap(blob);
              aborted++;
            } catch (err) {
              if (!(err instanceof NoSuchUploadError)) throw err; // completed or aborted meanwhile
            }
          }
          if (ids.length < 100) break;
        }
        if (aborted > 0) this.log.info({ aborted }, 'aborted abandoned multipart uploads');
      } catch (err) {
        this.log.warn({ err }, 'multipart upload sweep failed');
      }
      return aborted;
    });
    return this.#running;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
