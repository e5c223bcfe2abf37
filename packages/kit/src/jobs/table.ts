import { sql, type Kysely } from 'kysely';

/** The `job` table's row as stored (timestamps are ISO strings so order and comparison agree on both engines). */
export interface JobTable {
  id: string;
  name: string;
  /** Idempotency key: one job per (name, key). */
  key: string;
  /** What the job is about (a media id, a user id), for per-subject status. */
  subject: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lockedUntil: string | null;
  lockedBy: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobTables {
  job: JobTable;
}

/** Creates the `job` table; call from a service's migration so each service owns its queue. */
export async function createJobTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('job_name_key_key', ['name', 'key'])
    .execute();
  // Claiming scans queued jobs by due time, and leases that expired.
  await db.schema.createIndex('job_due_idx').on('job').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('job_subject_idx').on('job').column('subject').where(sql.ref('subject'), 'is not', null).execute();
}
