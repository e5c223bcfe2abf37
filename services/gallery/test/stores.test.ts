import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest, openDb, type Database } from '@photocloud/kit';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { GALLERY_MIGRATIONS } from '../src/db/migrations.ts';
import type { GalleryDB } from '../src/db/schema.ts';
import { AlbumStore } from '../src/stores/album.store.ts';
import { MediaStore, type MediaRow, type TimelineCursor } from '../src/stores/media.store.ts';
import { mediaRow } from './helpers/rows.ts';
import { SimilarStore } from '../src/stores/similar.store.ts';
import { hammingDistance, phashFromHex, phashToHex } from '../src/imaging/phash.ts';
import { neighbourKeys } from '../src/similarity/lookup.ts';

forEachDialect('gallery stores', (ctx) =>
  describe('MediaStore and AlbumStore', () => {
    let database: Database<GalleryDB>;
    let media: MediaStore;
    let albums: AlbumStore;
    const alice = 'alice';
    const bob = 'bob';

    before(async () => {
      database = await openDb<GalleryDB>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'gallery' });
      await migrateToLatest(database.db, GALLERY_MIGRATIONS);
      media = new MediaStore(database.db);
      albums = new AlbumStore(database.db);
    });
    after(() => database.close());

    async function allPages(filter = {}, limit = 3): Promise<string[]> {
      const seen: string[] = [];
      let cursor: TimelineCursor | null = null;
      for (;;) {
        const page = await media.timeline(alice, filter, cursor, limit);
        seen.push(...page.map((m) => m.id));
        if (page.length < limit) return seen;
        const last = page.at(-1)!;
        cursor = { takenAt: last.takenAt, id: last.id };
      }
    }

    it('pages the timeline newest first, ties broken by id, without gaps or repeats while uploads arrive', async () => {
      const rows = [
        mediaRow(alice, '2024-03-01T10:00:00.000Z', { id: 'a1' }),
        mediaRow(alice, '2024-03-01T10:00:00.000Z', { id: 'a2' }),
        mediaRow(alice, '2024-02-10T08:00:00.000Z', { id: 'a3', isFavorite: 1 }),
        mediaRow(alice, '2023-12-24T20:00:00.000Z', { id: 'a4', kind: 'video' }),
        mediaRow(alice, '2023-12-01T20:00:00.000Z', { id: 'a5', trashedAt: '2026-01-02T00:00:00.000Z' }),
        mediaRow(alice, '2023-11-01T20:00:00.000Z', { id: 'a6', status: 'uploading' }),
        mediaRow(bob, '2024-03-05T00:00:00.000Z', { id: 'b1' }),
      ];
      for (const r of rows) await media.insert(r);
      assert.deepEqual(await allPages(), ['a2', 'a1', 'a3', 'a4']);

      const first = await media.timeline(alice, {}, null, 2);
      assert.deepEqual(first.map((m) => m.id), ['a2', 'a1']);
      // New photos arrive: one newer than the page, one in the middle of what is left.
      await media.insert(mediaRow(alice, '2025-01-01T00:00:00.000Z', { id: 'new-top' }));
      await media.insert(mediaRow(alice, '2024-01-01T00:00:00.000Z', { id: 'new-mid' }));
      const next = await media.timeline(alice, {}, { takenAt: first[1]!.takenAt, id: first[1]!.id }, 10);
      assert.deepEqual(next.map((m) => m.id), ['a3', 'new-mid', 'a4']);
    });

    it('filters by favorite, kind, date range and album', async () => {
      assert.deepEqual(await allPages({ favorite: true }), ['a3']);
      assert.deepEqual(await allPages({ kind: 'video' }), ['a4']);
      assert.deepEqual(await allPages({ from: '2024-01-01T00:00:00.000Z', to: '2024-03-01T10:00:00.000Z' }), ['a3', 'new-mid']);
      const now = new Date().toISOString();
      await albums.insert({ id: 'al1', ownerId: alice, name: 'Trip', description: null, type: 'regular', coverMediaId: null, indexEtag: null, createdAt: now, updatedAt: now });
      await database.db.transaction().execute((trx) => albums.addMedia('al1', ['a4', 'a1', 'a5'], now, trx));
      assert.deepEqual(await allPages({ albumId: 'al1' }), ['a1', 'a4']);
    });

    it('counts media per month for the scrubber', async () => {
      assert.deepEqual(await media.monthBuckets(alice, {}), [
        { month: '2025-01', count: 1 },
        { month: '2024-03', count: 2 },
        { month: '2024-02', count: 1 },
        { month: '2024-01', count: 1 },
        { month: '2023-12', count: 1 },
      ]);
      assert.deepEqual(await media.monthBuckets(bob, {}), [{ month: '2024-03', count: 1 }]);
    });

    it('scopes lookups to the owner and answers which hashes exist', async () => {
      assert.equal(await media.getForOwner(bob, 'a1'), undefined);
      assert.equal((await media.getForOwner(alice, 'a1'))?.sizeBytes, 1000);
      const a1 = (await media.getForOwner(alice, 'a1'))!;
      assert.deepEqual(await media.existingHashes(bob, [a1.sha256]), []);
      assert.deepEqual(await media.existingHashes(alice, [a1.sha256, 'f'.repeat(64)]), [{ sha256: a1.sha256, id: 'a1' }]);
      assert.equal(await media.usedBytes(alice), 8000);
    });

    it('keeps album order, appends without duplicates, reorders and counts without trashed media', async () => {
      const now = new Date().toISOString();
      const added = await database.db.transaction().execute((trx) => albums.addMedia('al1', ['a1', 'a2', 'a3'], now, trx));
      assert.equal(added, 2, 'a1 was already there');
      assert.deepEqual((await albums.entries('al1')).map((e) => e.mediaId), ['a4', 'a1', 'a2', 'a3']);
      await database.db.transaction().execute((trx) => albums.reorder('al1', ['a3', 'a2'], trx));
      assert.deepEqual((await albums.entries('al1')).map((e) => e.mediaId), ['a3', 'a2', 'a4', 'a1']);
      assert.equal((await albums.getForOwner(alice, 'al1'))?.mediaCount, 4);
      assert.equal(await albums.getForOwner(bob, 'al1'), undefined);
      assert.deepEqual(await albums.albumIdsContaining(['a2']), [{ albumId: 'al1', ownerId: alice }]);
      await database.db.transaction().execute((trx) => albums.removeMedia('al1', ['a2'], trx));
      assert.equal((await albums.listForOwner(alice))[0]?.mediaCount, 3);
      assert.equal(await albums.delete(bob, 'al1'), false);
      assert.equal((await albums.entries('al1')).length, 3, "a refused delete leaves the album's media in place");
      assert.equal(await albums.delete(alice, 'al1'), true);
      assert.deepEqual(await albums.entries('al1'), []);
    });
  }),
);

forEachDialect('similar-photo lookup', (ctx) =>
  describe('SimilarStore.hashesByBands', () => {
    let database: Database<GalleryDB>;
    let media: MediaStore;
    let similar: SimilarStore;

    before(async () => {
      database = await openDb<GalleryDB>({ url: ctx.url, sqlitePath: ctx.sqlitePath, schema: 'gallery' });
      await migrateToLatest(database.db, GALLERY_MIGRATIONS);
      media = new MediaStore(database.db);
      similar = new SimilarStore(database.db);
    });
    after(() => database.close());

    it("finds the owner's live photos within the threshold through the band indexes, and nobody else's", async () => {
      const target = 0x0123456789abcdefn;
      const near = [target, target ^ 0xffn, target ^ 0x8000_0000_0000_0001n, target ^ 0x0001_0001_0001_0001n, target ^ 0x0f00_0000_0000_000fn];
      const far = [target ^ 0xffff_ffff_0000_0000n, ~target & 0xffff_ffff_ffff_ffffn, target ^ 0x0007_0007_0007_0007n];
      const put = async (owner: string, hash: bigint, over: Partial<MediaRow> = {}) => {
        const row = mediaRow(owner, '2024-05-01T10:00:00.000Z', { phash: phashToHex(hash), ...over });
        await media.insert(row);
        return row.id;
      };
      const nearIds = await Promise.all(near.map((h) => put('alice', h)));
      for (const h of far) await put('alice', h);
      // Filler, so the planner has a reason to use the indexes.
      for (let i = 0; i < 200; i++) await put('alice', BigInt.asUintN(64, target * BigInt(i + 7) + 0x5bd1e995n));
      await put('alice', target, { trashedAt: '2026-01-01T00:00:00.000Z' });
      await put('alice', target, { status: 'processing' });
      await put('bob', target);

      const queries = neighbourKeys(phashToHex(target), 8)!;
      const found = await similar.hashesByBands('alice', queries);
      const within = found.filter((p) => hammingDistance(phashFromHex(p.phash), target) <= 8).map((p) => p.id);
      assert.deepEqual(within.sort(), [...nearIds].sort());
      assert.ok(found.length < 20, `a handful of candidates, not the library: ${found.length}`);
      if (ctx.dialect === 'sqlite') {
        const plan = await sql<{ detail: string }>`explain query plan select id from media where owner_id = 'alice' and kind = 'photo' and status = 'ready' and trashed_at is null and phash is not null and substr(phash, 1, 4) in ('0123', '0124')`.execute(database.db);
        assert.match(plan.rows.map((r) => r.detail).join('\n'), /media_phash_band0_idx/);
      }
    });
  }),
);
