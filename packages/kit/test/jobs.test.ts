import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../src/clock.ts';
import { openDb, type Database } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createJobTable, type JobTables } from '../src/jobs/table.ts';
import { JobQueue } from '../src/jobs/queue.ts';
import { JobWorker, type JobHandlers } from '../src/jobs/worker.ts';
import { createLogger } from '../src/log.ts';
import { forEachDialect } from '../src/testing/db.ts';

interface TestJobs {
  thumb: { mediaId: string };
  flaky: { failTimes: number };
}

const log = createLogger({ service: 'test', level: 'silent' });

// The suite nests inside forEachDialect's so the pool closes before the database is dropped.
forEachDialect('job queue', (ctx) => describe('JobQueue and JobWorker', () => {
  let database: Database<JobTables>;
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  let queue: JobQueue<TestJobs>;

  before(async () => {
    database = await openDb<JobTables>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'jobs_test' });
    await migrateToLatest(database.db, { '0001_job': { up: createJobTable } });
    queue = new JobQueue<TestJobs>(database.db, { dialect: database.dialect, clock, leaseMs: 60_000, backoffMs: 1000, maxAttempts: 3 });
  });
  after(() => database.close());

  it('enqueues once per (name, key), also inside a transaction that commits', async () => {
    const a = await queue.enqueue(null, 'thumb', { mediaId: 'm1' }, { subject: 'm1' });
    const b = await database.db.transaction().execute((trx) => queue.enqueue(trx, 'thumb', { mediaId: 'm1' }, { subject: 'm1' }));
    assert.equal(a.queued, true);
    assert.equal(b.queued, false);
    assert.equal(b.id, a.id);
    assert.deepEqual((await queue.counts()).thumb, { queued: 1, running: 0, done: 0, failed: 0 });
  });

  it('leaves no job behind when the enqueuing transaction rolls back', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await queue.enqueue(trx, 'thumb', { mediaId: 'rolled-back' }, { subject: 'rolled-back' });
        throw new Error('domain change failed');
      }),
    );
    assert.deepEqual(await queue.forSubject('rolled-back'), []);
  });

  it('gives each due job to one claimer only', async () => {
    await queue.enqueue(null, 'thumb', { mediaId: 'm2' }, { subject: 'm2' });
    await queue.enqueue(null, 'thumb', { mediaId: 'm3' }, { subject: 'm3' });
    const [x, y] = await Promise.all([queue.claim('w1', 10), queue.claim('w2', 10)]);
    const ids = [...x!, ...y!].map((j) => j.id);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3);
    for (const j of x!) await queue.complete(j, 'w1');
    for (const j of y!) await queue.complete(j, 'w2');
    assert.deepEqual((await queue.counts()).thumb, { queued: 0, running: 0, done: 3, failed: 0 });
  });

  it('reclaims a job left running by a dead worker once its lease expires', async () => {
    await queue.enqueue(null, 'thumb', { mediaId: 'crash' }, { subject: 'crash' });
    const [job] = await queue.claim('dead-worker', 1);
    assert.equal(job?.subject, 'crash');
    assert.deepEqual(await queue.claim('w2', 1), [], 'still leased');
    clock.advance(61_000);
    const [again] = await queue.claim('w2', 1);
    assert.equal(again?.id, job.id);
    assert.equal(again?.attempts, 2);
    await queue.complete(job, 'dead-worker'); // the old owner's late answer is ignored
    assert.equal((await queue.forSubject('crash'))[0]?.status, 'running');
    await queue.complete(again, 'w2');
    assert.equal((await queue.forSubject('crash'))[0]?.status, 'done');
  });

  it('retries with growing backoff and fails after max attempts, through the worker', async () => {
    let calls = 0;
    const handlers: JobHandlers<TestJobs> = {
      thumb: async () => 'done',
      flaky: async ({ failTimes }) => {
        calls += 1;
        if (calls <= failTimes) throw new Error(`boom ${calls}`);
        return 'done';
      },
    };
    const worker = new JobWorker(queue, handlers, { log, concurrency: 2 });
    await queue.enqueue(null, 'flaky', { failTimes: 5 }, { subject: 'flaky' });
    assert.equal(await worker.runUntilIdle(), 1);
    let [row] = await queue.forSubject('flaky');
    assert.equal(row?.status, 'queued');
    assert.equal(row?.lastError, 'boom 1');
    clock.advance(999);
    assert.equal(await worker.runUntilIdle(), 0, 'not due before the first backoff');
    clock.advance(1);
    assert.equal(await worker.runUntilIdle(), 1);
    clock.advance(1999);
    assert.equal(await worker.runUntilIdle(), 0, 'second backoff is twice as long');
    clock.advance(1);
    assert.equal(await worker.runUntilIdle(), 1);
    [row] = await queue.forSubject('flaky');
    assert.equal(row?.status, 'failed');
    assert.equal(row?.attempts, 3);
    assert.equal(row?.lastError, 'boom 3');
  });

  it('runs jobs in the background loop and requeues finished jobs only when asked', async () => {
    const seen: string[] = [];
    const worker = new JobWorker<TestJobs>(
      queue,
      { thumb: async ({ mediaId }) => (seen.push(mediaId), 'done'), flaky: async () => 'skipped' },
      { log, pollMs: 20 },
    );
    worker.start();
    await queue.enqueue(null, 'thumb', { mediaId: 'bg' }, { subject: 'bg' });
    worker.notify();
    // Done means recorded as done, a moment after the handler returns: only then may `again` requeue it.
    const isDone = async () => (await queue.forSubject('bg'))[0]?.status === 'done';
    for (let i = 0; i < 100 && !(await isDone()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, ['bg']);
    await queue.enqueue(null, 'thumb', { mediaId: 'bg' }, { subject: 'bg' });
    const again = await queue.enqueue(null, 'thumb', { mediaId: 'bg' }, { subject: 'bg', again: true });
    assert.equal(again.queued, true);
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    assert.deepEqual(seen, ['bg', 'bg']);
  });
}));
