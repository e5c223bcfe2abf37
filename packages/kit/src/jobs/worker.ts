import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { ClaimedJob, JobMap, JobQueue } from './queue.ts';

/** What a handler reports: done, nothing to do (already done / subject gone), or try again later. */
export type JobResult = 'done' | 'skipped' | 'retry';

export interface JobContext {
  jobId: string;
  attempt: number;
  log: Logger;
}

/** One handler per job name, in an explicit map (no decorators). Handlers must be idempotent. */
export type JobHandlers<M extends JobMap> = { [N in keyof M & string]: (payload: M[N], ctx: JobContext) => Promise<JobResult> };

export interface JobWorkerOptions {
  log: Logger;
  /** Jobs run at once in this process. */
  concurrency?: number;
  /** How often an idle worker looks for due jobs (other processes may have enqueued some). */
  pollMs?: number;
}

/**
 * Claims due jobs and runs their handlers, `concurrency` at a time. A throw or `retry` schedules
 * another attempt with backoff; leases make a crashed worker's jobs claimable again.
 */
export class JobWorker<M extends JobMap> {
  readonly id = `worker-${randomUUID()}`;
  readonly #queue: JobQueue<M>;
  readonly #handlers: JobHandlers<M>;
  readonly #log: Logger;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #inflight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(queue: JobQueue<M>, handlers: JobHandlers<M>, opts: JobWorkerOptions) {
    this.#queue = queue;
    this.#handlers = handlers;
    this.#log = opts.log;
    this.#concurrency = Math.max(1, opts.concurrency ?? 2);
    this.#pollMs = opts.pollMs ?? 1000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Wakes an idle worker at once (call after enqueueing). */
  notify(): void {
    this.#wake?.();
  }

  /** Stops claiming, and waits for the jobs in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    this.notify();
    await this.#loop;
    await Promise.allSettled([...this.#inflight]);
  }

  /** Runs due jobs until none is left (tests, benches, CLI). Does not wait for jobs scheduled later. */
  async runUntilIdle(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await this.#queue.claim(this.id, this.#concurrency);
      if (jobs.length === 0) return ran;
      await Promise.all(jobs.map((j) => this.#execute(j)));
      ran += jobs.length;
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      const free = this.#concurrency - this.#inflight.size;
      let claimed: ClaimedJob<M>[] = [];
      if (free > 0) {
        try {
          claimed = await this.#queue.claim(this.id, free);
        } catch (err) {
          this.#log.error({ err }, 'could not claim jobs');
        }
      }
      for (const job of claimed) {
        const p = this.#execute(job).finally(() => {
          this.#inflight.delete(p);
          this.notify();
        });
        this.#inflight.add(p);
      }
      if (claimed.length === 0 || this.#inflight.size >= this.#concurrency) await this.#sleep();
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#pollMs);
      timer.unref();
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }

  async #execute(job: ClaimedJob<M>): Promise<void> {
    const log = this.#log.child({ jobId: job.id, jobName: job.name });
    const handler = this.#handlers[job.name];
    let error: string;
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      const result = await handler(job.payload, { jobId: job.id, attempt: job.attempts, log });
      if (result !== 'retry') {
        await this.#queue.complete(job, this.id);
        log.debug({ result }, 'job finished');
        return;
      }
      error = 'the handler asked to try again later';
    } catch (err) {
      error = (err as Error)?.message ?? String(err);
      log.warn({ err, attempt: job.attempts }, 'job failed');
    }
    try {
      const status = await this.#queue.retry(job, this.id, error);
      if (status === 'failed') log.error({ attempts: job.attempts, error }, 'job failed for good');
    } catch (err) {
      log.error({ err }, 'could not record the job failure; its lease will expire and it will run again');
    }
  }
}
