import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger, ManualClock, migrateToLatest, openDb, type Database } from '@photocloud/kit';
import { JobQueue } from '@photocloud/kit/jobs/queue';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { BlobStore } from '../src/blobs/blob-store.ts';
import { GALLERY_MIGRATIONS } from '../src/db/migrations.ts';
import type { GalleryDB } from '../src/db/schema.ts';
import { phashToHex } from '../src/imaging/phash.ts';
import type { GalleryJobs } from '../src/jobs/job-names.ts';
import { runAssign } from '../src/jobs/similar-assign.ts';
import { runDetect, type SimilarJobDeps } from '../src/jobs/similar-detect.ts';
import { MediaStore } from '../src/stores/media.store.ts';
import { SimilarStore } from '../src/stores/similar.store.ts';
import { mediaRow } from './helpers/rows.ts';

const log = createLogger({ service: 'test', level: 'silent' });
const base = 0x0123456789abcdefn;

/** A store whose first page of hashes comes back only after `during` ran: a photo finishing meanwhile. */
class RacingStore extends SimilarStore {
  during: (() => Promise<void>) | null = null;
  override async pageHashes(ownerId: string, afterId: string, limit: number) {
    const page = await super.pageHashes(ownerId, afterId, limit);
    const during = this.during;
    this.during = null;
    await during?.();
    return page;
  }
}

forEachDialect('similar detection racing with processing', (ctx) =>
  describe('a photo processed while a detection run loads', () => {
    let database: Database<GalleryDB>;
    let media: MediaStore;
    let similar: RacingStore;
    let deps: SimilarJobDeps;
    const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));

    before(async () => {
      database = await openDb<GalleryDB>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'gallery' });
      await migrateToLatest(database.db, GALLERY_MIGRATIONS);
      media = new MediaStore(database.db);
      similar = new RacingStore(database.db);
      deps = {
        db: database.db,
        similar,
        // Never reached: every photo here already has its pHash, so nothing is read from S3.
        blobs: new BlobStore({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'unused', accessKeyId: 'k', secretAccessKey: 's' }),
        queue: new JobQueue<GalleryJobs>(database.db, { dialect: database.dialect, clock }),
        clock,
        threshold: 8,
      };
    });
    after(() => database.close());

    const photo = async (hash: bigint) => {
      const at = clock.now().toISOString();
      const row = mediaRow('vera', '2025-06-01T12:00:00.000Z', { phash: phashToHex(hash), createdAt: at, updatedAt: at });
      await media.insert(row);
      return row.id;
    };
    const openGroups = async () => {
      const byGroup = new Map<string, string[]>();
      for (const m of await similar.memberships('vera', ['open'])) byGroup.set(m.groupId, [...(byGroup.get(m.groupId) ?? []), m.mediaId]);
      return [...byGroup.values()].map((ids) => ids.sort());
    };

    it('is grouped again after the run replaced the groups it had joined', async () => {
      const a = await photo(base);
      const b = await photo(base ^ 0b11n);
      await photo(~base & 0xffff_ffff_ffff_ffffn);
      clock.advance(60_000);
      const runId = 'run-1';
      const now = clock.now().toISOString();
      await similar.insertRun({ id: runId, ownerId: 'vera', phase: 'queued', processed: 0, total: 0, photos: 0, hashed: 0, unhashable: 0, groups: 0, groupedMedia: 0, createdAt: now, updatedAt: now, finishedAt: null });

      let late = '';
      similar.during = async () => {
        // Finishes processing after the run read the hashes, and is assigned at once, as the worker would.
        clock.advance(1000);
        late = await photo(base ^ 0b1100n);
        assert.equal(await runAssign(late, deps, log), 'done');
        assert.deepEqual(await openGroups(), [[a, b, late].sort()]);
      };
      assert.equal(await runDetect(runId, 'vera', deps, log), 'done');
      // The run's snapshot did not hold the late photo: its group is replaced by one without it...
      assert.deepEqual(await openGroups(), [[a, b].sort()]);
      // ...and the run queued its assignment again, which puts it back.
      const queued = await database.db.selectFrom('job').select(['payload', 'status']).where('name', '=', 'similar-assign').execute();
      assert.deepEqual(queued.map((j) => [JSON.parse(j.payload).mediaId, j.status]), [[late, 'queued']]);
      assert.equal(await runAssign(late, deps, log), 'done');
      assert.deepEqual(await openGroups(), [[a, b, late].sort()]);
    });
  }),
);
