import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import type { SimilarGroup, SimilarGroupPage, SimilarJob } from '@photocloud/contracts';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { sceneJpeg as scene } from './helpers/images.ts';
import { startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

const reencode = (b: Buffer, quality: number) => sharp(b).jpeg({ quality }).toBuffer();
const resize = (b: Buffer) => sharp(b).resize(320).jpeg({ quality: 85 }).toBuffer();

forEachDialect('gallery similar photos', (ctx) =>
  describe('similar photos: detection job, groups, resolve, dismiss, incremental', () => {
    let stack: TestStack;
    const ids: Record<string, string> = {};
    const bases: Record<string, Buffer> = {};
    let albumId = '';

    const api = (path: string, init?: Parameters<TestStack['api']>[2], user = 'vera') => stack.api(user, path, init);
    const upload = async (name: string, bytes: Buffer) => {
      const res = await uploadRaw(stack, 'vera', bytes, `${name}.jpg`);
      assert.equal(res.status, 200, await res.clone().text());
      ids[name] = (await res.json()).items[0].media.id;
    };
    const openGroups = async (): Promise<SimilarGroup[]> => ((await (await api('/similar/groups')).json()) as SimilarGroupPage).items;
    const groupOf = (groups: SimilarGroup[], name: string) => groups.find((g) => g.members.some((m) => m.media.id === ids[name]));
    const memberNames = (g: SimilarGroup | undefined) => (g?.members ?? []).map((m) => Object.keys(ids).find((k) => ids[k] === m.media.id)).sort();
    const detect = async (): Promise<SimilarJob> => {
      // Runs are ordered by when they started: the test clock moves on as real time would.
      stack.clock.advance(1000);
      const res = await api('/similar/detect', { method: 'POST' });
      assert.equal(res.status, 202);
      const queued = (await res.json()) as SimilarJob;
      assert.equal(queued.status, 'queued');
      const twice = (await (await api('/similar/detect', { method: 'POST' })).json()) as SimilarJob;
      assert.equal(twice.id, queued.id, 'a run already queued is returned, not a second one');
      await stack.runJobs();
      const done = (await (await api(`/similar/jobs/${queued.id}`)).json()) as SimilarJob;
      assert.equal(done.status, 'done', JSON.stringify(done));
      // Any device of the account finds this run as the latest one.
      assert.deepEqual(await (await api('/similar/jobs/latest')).json(), done);
      return done;
    };

    before(async () => {
      stack = await startStack(ctx);
      for (const s of [1, 2, 3, 4]) bases[s] = await scene(s * 7919);
      await upload('a', bases[1]!);
      await upload('a-q40', await reencode(bases[1]!, 40));
      await upload('a-small', await resize(bases[1]!));
      await upload('b', bases[2]!);
      await upload('b-q50', await reencode(bases[2]!, 50));
      await upload('c', bases[3]!);
      await upload('c-small', await resize(bases[3]!));
      await upload('other', bases[4]!);
      await stack.runJobs();
    });
    after(() => stack?.close());

    it('groups new uploads as they are processed, without a detection run', async () => {
      const groups = await openGroups();
      assert.deepEqual(groups.map(memberNames).sort(), [['a', 'a-q40', 'a-small'], ['b', 'b-q50'], ['c', 'c-small']]);
    });

    it('detects in a background job: backfills missing pHashes, reports progress and counts, stores scored groups', async () => {
      const before = await openGroups();
      // Photos processed before hashing existed: the job computes their hash from the stored thumbnail.
      for (const n of ['a-q40', 'b', 'other']) await stack.gallery.gallery.stores.media.update('vera', ids[n]!, { phash: null });
      await stack.api('vera', `/media/${ids['a-q40']}`, { method: 'PATCH', json: { isFavorite: true } });
      const job = await detect();
      assert.equal(job.phase, 'done');
      assert.deepEqual(job.counts, { photos: 8, hashed: 3, unhashable: 0, groups: 3, groupedMedia: 7 });
      assert.equal(job.progress.processed, job.progress.total);
      assert.ok(job.finishedAt);

      const groups = await openGroups();
      assert.deepEqual(groups.map(memberNames).sort(), [['a', 'a-q40', 'a-small'], ['b', 'b-q50'], ['c', 'c-small']]);
      assert.deepEqual(groups.map((g) => g.id).sort(), before.map((g) => g.id).sort(), 'groups found again keep their ids');
      const a = groupOf(groups, 'a')!;
      assert.equal(a.suggestedMediaId, ids['a-q40'], 'the favorite is the suggested pick');
      assert.equal(a.members[0]!.distance, 0);
      for (const m of a.members) {
        assert.equal(m.similarityScore, 1 - m.distance / 64);
        assert.ok(m.distance <= 8 && m.distance % 2 === 0);
        assert.ok(['re-encoded-or-resized', 'near-identical-shot'].includes(m.reason));
        const thumb = await fetch(m.thumbnailUrl!);
        assert.equal(thumb.headers.get('content-type'), 'image/webp');
      }
      assert.ok(['re-encoded-or-resized', 'near-identical-shot'].includes(a.reason));
      assert.equal(groupOf(groups, 'other'), undefined);
    });

    it('refuses bad resolve requests and changes nothing', async () => {
      const b = groupOf(await openGroups(), 'b')!;
      let res = await api(`/similar/groups/${b.id}/resolve`, { method: 'POST', json: { keep: [ids['b'], ids['a']] } });
      assert.equal(res.status, 400);
      const body = await res.json();
      assert.equal(body.error.code, 'SIMILAR_KEEP_INVALID');
      assert.deepEqual(body.error.details, { notMembers: [ids['a']] });
      res = await api(`/similar/groups/${b.id}/resolve`, { method: 'POST', json: { keep: [] } });
      assert.deepEqual([res.status, (await res.json()).error.code], [400, 'VALIDATION_FAILED']);
      res = await api(`/similar/groups/00000000-0000-0000-0000-000000000000/resolve`, { method: 'POST', json: { keep: [ids['b']] } });
      assert.deepEqual([res.status, (await res.json()).error.code], [404, 'SIMILAR_GROUP_NOT_FOUND']);
      assert.equal((await (await api('/trash')).json()).items.length, 0);
      assert.deepEqual(memberNames(groupOf(await openGroups(), 'b')), ['b', 'b-q50']);
    });

    it('resolves a group: the others go to the trash, their albums and favorite pass to the kept photo', async () => {
      albumId = (await (await api('/albums', { method: 'POST', json: { name: 'Trip' } })).json()).id;
      await api(`/albums/${albumId}/media`, { method: 'POST', json: { mediaIds: [ids['a-small']] } });
      await api(`/albums/${albumId}`, { method: 'PATCH', json: { coverMediaId: ids['a-small'] } });
      const a = groupOf(await openGroups(), 'a')!;
      const res = await api(`/similar/groups/${a.id}/resolve`, { method: 'POST', json: { keep: [ids['a']] } });
      assert.equal(res.status, 200);
      const out = await res.json();
      assert.deepEqual(new Set(out.trashed), new Set([ids['a-q40'], ids['a-small']]));
      assert.deepEqual([out.group.status, out.albumIds], ['resolved', [albumId]]);

      const kept = await (await api(`/media/${ids['a']}`)).json();
      assert.deepEqual([kept.isFavorite, kept.albumIds], [true, [albumId]]);
      const trash = (await (await api('/trash')).json()).items.map((m: { id: string }) => m.id);
      assert.deepEqual(new Set(trash), new Set([ids['a-q40'], ids['a-small']]));
      const obj = await stack.s3Client.send(new GetObjectCommand({ Bucket: 'photocloud', Key: `users/vera/albums/${albumId}/index.json` }));
      const index = JSON.parse(await obj.Body!.transformToString()) as { media: Array<{ id: string }> };
      assert.deepEqual(index.media.map((m) => m.id), [ids['a']]);
      assert.equal((await (await api(`/albums/${albumId}`)).json()).coverMediaId, ids['a'], 'the kept photo replaces a trashed cover');
      assert.equal(groupOf(await openGroups(), 'a'), undefined);
      const again = await api(`/similar/groups/${a.id}/resolve`, { method: 'POST', json: { keep: [ids['a']] } });
      assert.deepEqual([again.status, (await again.json()).error.code], [409, 'SIMILAR_GROUP_CLOSED']);
    });

    it('remembers a dismissed group: detection does not propose it again', async () => {
      const b = groupOf(await openGroups(), 'b')!;
      const res = await api(`/similar/groups/${b.id}/dismiss`, { method: 'POST' });
      assert.deepEqual([res.status, (await res.json()).status], [200, 'dismissed']);
      const job = await detect();
      assert.equal(job.counts.groups, 1);
      assert.deepEqual((await openGroups()).map(memberNames), [['c', 'c-small']]);
      const dismissed = (await (await api('/similar/groups?status=dismissed')).json()) as SimilarGroupPage;
      assert.deepEqual(dismissed.items.map((g) => g.id), [b.id]);
    });

    it('adds a new upload to the matching open group without a detection run', async () => {
      const c = groupOf(await openGroups(), 'c')!;
      await upload('c-q60', await reencode(bases[3]!, 60));
      await stack.runJobs();
      const groups = await openGroups();
      assert.equal(groups.length, 1);
      assert.equal(groups[0]!.id, c.id);
      assert.deepEqual(memberNames(groups[0]), ['c', 'c-q60', 'c-small']);
    });

    it("answers 404 for another user's groups and jobs, and shows them nothing", async () => {
      const c = (await openGroups())[0]!;
      const job = (await (await api('/similar/detect', { method: 'POST' })).json()) as SimilarJob;
      await stack.runJobs();
      for (const [method, path, json] of [
        ['GET', `/similar/jobs/${job.id}`],
        ['POST', `/similar/groups/${c.id}/resolve`, { keep: [c.members[0]!.media.id] }],
        ['POST', `/similar/groups/${c.id}/dismiss`],
      ] as const) {
        const res = await api(path, { method, ...(json ? { json } : {}) }, 'mallory');
        assert.equal(res.status, 404, `${method} ${path}`);
      }
      assert.deepEqual((await (await api('/similar/groups', undefined, 'mallory')).json()).items, []);
      // Mallory never ran a detection: no latest run, and certainly not Vera's.
      const latest = await api('/similar/jobs/latest', undefined, 'mallory');
      assert.equal(latest.status, 404);
      assert.equal(((await latest.json()) as { error: { code: string } }).error.code, 'JOB_NOT_FOUND');
      assert.deepEqual((await openGroups()).map((g) => [g.id, g.status]), [[c.id, 'open']]);
    });
  }),
);
