import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Dialect } from '../db/connect.ts';
import type { JobStatus, JobTable, JobTables } from './table.ts';

/** Job name → payload type, declared once per service (immich `JobOf`). */
export type JobMap = object;

export interface EnqueueOptions {
  /** Idempotency key: a second enqueue with the same (name, key) is a no-op. Default: the subject, else the payload's JSON. */
  key?: string;
  /** What the job concerns, for status per subject (a media id). */
  subject?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Queue the job again when the existing one has finished (done or failed), e.g. to reprocess. */
  again?: boolean;
}

export interface ClaimedJob<M extends JobMap, N extends keyof M & string = keyof M & string> {
  id: string;
  name: N;
  key: string;
  subject: string | null;
  payload: M[N];
  attempts: number;
  maxAttempts: number;
}

export interface JobCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
}

export interface JobQueueOptions {
  dialect: Dialect;
  clock: Clock;
  /** How long a claimed job is owned; a job still `running` after this (its worker died) is claimed again. */
  leaseMs?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
}

/**
 * A durable job queue in one `job` table, on SQLite or PostgreSQL. Enqueue takes the caller's
 * transaction so a job exists exactly when the domain change that needs it commits.
 */
export class JobQueue<M extends JobMap> {
  readonly #db: Kysely<JobTables>;
  readonly #opts: Required<JobQueueOptions>;

  constructor(db: Kysely<any>, opts: JobQueueOptions) {
    this.#db = db as Kysely<JobTables>;
    this.#opts = { leaseMs: 5 * 60_000, backoffMs: 5_000, maxBackoffMs: 60 * 60_000, maxAttempts: 5, ...opts };
  }

  /** Adds a job unless one with the same (name, key) exists; returns its id and whether it was (re)queued. */
  async enqueue<N extends keyof M & string>(
    trx: Kysely<any> | null,
    name: N,
    payload: M[N],
    opts: EnqueueOptions = {},
  ): Promise<{ id: string; queued: boolean }> {
    const db = (trx ?? this.#db) as Kysely<JobTables>;
    const now = this.#opts.clock.now().toISOString();
    const key = opts.key ?? opts.subject ?? JSON.stringify(payload);
    const row: JobTable = {
      id: randomUUID(),
      name,
      key,
      subject: opts.subject ?? null,
      payload: JSON.stringify(payload),
      status: 'queued',
      attempts: 0,
      maxAttempts: opts.maxAttempts ?? this.#opts.maxAttempts,
      runAt: (opts.runAt ?? this.#opts.clock.now()).toISOString(),
      lockedUntil: null,
      lockedBy: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    const inserted = await db
      .insertInto('job')
      .values(row)
      .onConflict((oc) => {
        const target = oc.columns(['name', 'key']);
        if (!opts.again) return target.doNothing();
        return target
          .doUpdateSet({ status: 'queued', attempts: 0, payload: row.payload, runAt: row.runAt, lastError: null, updatedAt: now })
          .where('job.status', 'in', ['done', 'failed']);
      })
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, queued: true };
    const existing = await db.selectFrom('job').select('id').where('name', '=', name).where('key', '=', key).executeTakeFirstOrThrow();
    return { id: existing.id, queued: false };
  }

  /** Takes up to `limit` due jobs for `workerId`: queued ones whose time has come, and running ones whose lease expired. */
  async claim(workerId: string, limit: number): Promise<ClaimedJob<M>[]> {
    const now = this.#opts.clock.now();
    const nowIso = now.toISOString();
    // A job whose worker died on its last allowed attempt will not be tried again.
    await this.#db
      .updateTable('job')
      .set({ status: 'failed', lastError: 'the worker stopped while running it (lease expired)', lockedBy: null, lockedUntil: null, updatedAt: nowIso })
      .where('status', '=', 'running')
      .where('lockedUntil', '<', nowIso)
      .whereRef('attempts', '>=', 'maxAttempts')
      .execute();
    const due = this.#db
      .selectFrom('job')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('runAt', '<=', nowIso)]),
          eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', nowIso)]),
        ]),
      )
      .orderBy('runAt')
      .limit(limit);
    const rows = await this.#db
      .updateTable('job')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        lockedBy: workerId,
        lockedUntil: new Date(now.getTime() + this.#opts.leaseMs).toISOString(),
        updatedAt: nowIso,
      }))
      .where('id', 'in', this.#opts.dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
      .returningAll()
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name as keyof M & string,
      key: r.key,
      subject: r.subject,
      payload: JSON.parse(r.payload) as M[keyof M & string],
      attempts: r.attempts,
      maxAttempts: r.maxAttempts,
    }));
  }

  /** Marks a claimed job done; a no-op when the lease was lost to another worker. */
  async complete(job: ClaimedJob<M>, workerId: string): Promise<void> {
    await this.#finish(job, workerId, { status: 'done', lastError: null });
  }

  /** Schedules another attempt with exponential backoff, or marks the job failed when attempts are used up. */
  async retry(job: ClaimedJob<M>, workerId: string, error: string): Promise<JobStatus> {
    if (job.attempts >= job.maxAttempts) {
      await this.#finish(job, workerId, { status: 'failed', lastError: error });
      return 'failed';
    }
    const delay = Math.min(this.#opts.backoffMs * 2 ** (job.attempts - 1), this.#opts.maxBackoffMs);
    const runAt = new Date(this.#opts.clock.now().getTime() + delay).toISOString();
    await this.#finish(job, workerId, { status: 'queued', lastError: error, runAt });
    return 'queued';
  }

  async #finish(job: ClaimedJob<M>, workerId: string, set: { status: JobStatus; lastError: string | null; runAt?: string }): Promise<void> {
    await this.#db
      .updateTable('job')
      .set({ ...set, lockedBy: null, lockedUntil: null, updatedAt: this.#opts.clock.now().toISOString() })
      .where('id', '=', job.id)
      .where('lockedBy', '=', workerId)
      .where('status', '=', 'running')
      .execute();
  }

  /** Counts per job name and status, for `GET /jobs`. */
  async counts(): Promise<Record<string, JobCounts>> {
    const rows = await this.#db
      .selectFrom('job')
      .select((eb) => ['name', 'status', eb.fn.countAll<number | string>().as('n')])
      .groupBy(['name', 'status'])
      .execute();
    const out: Record<string, JobCounts> = {};
    for (const r of rows) {
      const c = (out[r.name] ??= { queued: 0, running: 0, done: 0, failed: 0 });
      c[r.status] = Number(r.n);
    }
    return out;
  }

  /** Every job about one subject, oldest first. */
  async forSubject(subject: string): Promise<Array<Pick<JobTable, 'id' | 'name' | 'status' | 'attempts' | 'lastError' | 'updatedAt'>>> {
    return this.#db
      .selectFrom('job')
      .select(['id', 'name', 'status', 'attempts', 'lastError', 'updatedAt'])
      .where('subject', '=', subject)
      .orderBy('createdAt')
      .execute();
  }

  /** When the next queued job is due (null when none), so an idle worker knows how long it may sleep. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.#db
      .selectFrom('job')
      .select((eb) => eb.fn.min('runAt').as('runAt'))
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return row?.runAt ? new Date(row.runAt) : null;
  }
}
