import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { sql } from 'kysely';
import { ACCESS_TOKEN_AUDIENCE, type Role } from '@photocloud/contracts';
import { createLogger, loadConfig, openDb, type Database } from '@photocloud/kit';
import { forEachDialect, type DialectContext } from '@photocloud/kit/testing/db';
import { s3ConfigSpec, startS3Service, type S3Service } from '@photocloud/s3';
import type { GalleryDB } from '../src/db/schema.ts';
import { galleryConfigSpec, startGalleryService, type GalleryService } from '../src/index.ts';

const ISSUER = 'http://photocloud.test';
const ROOT = { accessKeyId: 'buckettest', secretAccessKey: 'bucket-test-secret-key' };

interface AdminStack {
  gallery: GalleryService;
  s3: S3Service;
  /** The AWS SDK with the S3 root key: the independent view of what exists in S3. */
  s3Client: S3Client;
  /** A token as the auth service signs it; `role` undefined leaves the claim out (a token from before roles). */
  token(userId: string, role?: Role): Promise<string>;
  dataDir: string;
  close(): Promise<void>;
}

/** The real S3 service over HTTP and the gallery against it; tokens signed by a local stand-in for auth's key. */
async function startAdminStack(ctx: DialectContext): Promise<AdminStack> {
  const log = createLogger({ service: 'test', level: 'silent' });
  const dataDir = join(ctx.dir, `admin-${randomUUID().slice(0, 8)}`);
  const s3 = await startS3Service({
    config: loadConfig(s3ConfigSpec, { DATA_DIR: dataDir, S3_PORT: '0', S3_ACCESS_KEY: ROOT.accessKeyId, S3_SECRET_KEY: ROOT.secretAccessKey }),
    log,
  });
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' }] });
  const config = loadConfig(galleryConfigSpec, {
    DATA_DIR: dataDir,
    ...(ctx.url ? { DATABASE_URL: ctx.url } : {}),
    S3_ENDPOINT: s3.url,
    S3_ACCESS_KEY: ROOT.accessKeyId,
    S3_SECRET_KEY: ROOT.secretAccessKey,
    API_URL: ISSUER,
    GALLERY_WORKERS: '0',
  });
  const gallery = await startGalleryService({ config, log, jwks });
  const s3Client = new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: ROOT });
  return {
    gallery,
    s3,
    s3Client,
    dataDir,
    token: (userId, role) =>
      new SignJWT({ sid: `session-${userId}`, ...(role ? { role } : {}) })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
    async close() {
      s3Client.destroy();
      await gallery.close();
      await s3.close();
    },
  };
}

forEachDialect('admin buckets', (ctx) =>
  describe('POST /admin/buckets and GET /admin/buckets', () => {
    let stack: AdminStack;
    before(async () => {
      stack = await startAdminStack(ctx);
    });
    after(() => stack?.close());

    async function call(method: string, path: string, token: string | null, json?: unknown): Promise<Response> {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (json !== undefined) headers['content-type'] = 'application/json';
      return fetch(stack.gallery.url + path, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    }
    const asAdmin = async (name: string) => call('POST', '/admin/buckets', await stack.token('admin-1', 'admin'), { name });
    const inS3 = async (name: string): Promise<boolean> => {
      try {
        await stack.s3Client.send(new HeadBucketCommand({ Bucket: name }));
        return true;
      } catch (err) {
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
        throw err;
      }
    };
    const listed = async (): Promise<string[]> => {
      const res = await call('GET', '/admin/buckets', await stack.token('admin-1', 'admin'));
      assert.equal(res.status, 200);
      return ((await res.json()) as { items: Array<{ name: string }> }).items.map((b) => b.name);
    };

    it('creates the bucket in S3 and records it, answering who made it and when', async () => {
      const res = await asAdmin('family-archive');
      assert.equal(res.status, 201, await res.clone().text());
      const body = (await res.json()) as { name: string; region: string; createdBy: string; createdAt: string };
      assert.deepEqual([body.name, body.region, body.createdBy], ['family-archive', 'us-east-1', 'admin-1']);
      assert.ok(!Number.isNaN(Date.parse(body.createdAt)));
      assert.equal(await inS3('family-archive'), true);
      const all = await stack.s3Client.send(new ListBucketsCommand({}));
      assert.ok(all.Buckets?.some((b) => b.Name === 'family-archive'));
      assert.ok((await listed()).includes('family-archive'));
    });

    it('answers 409 for a name already in the catalog, and creates nothing more', async () => {
      assert.equal((await asAdmin('holidays.2026')).status, 201);
      const again = await asAdmin('holidays.2026');
      assert.equal(again.status, 409);
      const { error } = (await again.json()) as { error: { code: string; message: string; details: { where: string } } };
      assert.equal(error.code, 'CONFLICT');
      assert.match(error.message, /holidays\.2026.*already exists/);
      assert.equal(error.details.where, 'catalog');
      assert.equal((await listed()).filter((n) => n === 'holidays.2026').length, 1);
    });

    it('answers 409 for a bucket that exists in S3 but not in the catalog, and does not record it', async () => {
      await stack.s3Client.send(new CreateBucketCommand({ Bucket: 'made-elsewhere' }));
      const res = await asAdmin('made-elsewhere');
      assert.equal(res.status, 409);
      const { error } = (await res.json()) as { error: { message: string; details: { where: string } } };
      assert.equal(error.details.where, 's3');
      assert.match(error.message, /already exists on the storage service/);
      assert.ok(!(await listed()).includes('made-elsewhere'));
      // The gallery's own photo bucket is such a bucket too.
      assert.equal((await asAdmin('photocloud')).status, 409);
    });

    it('refuses each invalid name with 400 naming the rule, and creates nothing', async () => {
      const cases: Array<[string, string, RegExp]> = [
        ['ab', 'length', /3 to 63 characters/],
        ['a'.repeat(64), 'length', /3 to 63 characters/],
        ['Family', 'characters', /lowercase/],
        ['my_photos', 'characters', /"_" is not allowed/],
        ['my photos', 'characters', /" " is not allowed/],
        ['-photos', 'edges', /begins and ends with a letter or a digit/],
        ['photos.', 'edges', /begins and ends/],
        ['my..photos', 'adjacent-dots', /two dots/],
        ['my.-photos', 'dot-hyphen', /dot next to a hyphen/],
        ['192.168.5.4', 'ip-address', /IP address/],
        ['xn--photos', 'reserved-prefix', /"xn--"/],
        ['photos-s3alias', 'reserved-suffix', /"-s3alias"/],
      ];
      for (const [name, rule, message] of cases) {
        const res = await asAdmin(name);
        assert.equal(res.status, 400, name);
        const { error } = (await res.json()) as { error: { code: string; message: string; details: { rule: string } } };
        assert.equal(error.code, 'VALIDATION_FAILED', name);
        assert.equal(error.details.rule, rule, name);
        assert.match(error.message, message, name);
      }
      const missing = await call('POST', '/admin/buckets', await stack.token('admin-1', 'admin'), {});
      assert.equal(missing.status, 400);
      const buckets = (await stack.s3Client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name) ?? [];
      for (const [name] of cases) assert.ok(!buckets.includes(name), name);
    });

    it('answers 403 to a signed-in user without the admin role, and creates nothing', async () => {
      for (const token of [await stack.token('user-1', 'user'), await stack.token('user-1')]) {
        const post = await call('POST', '/admin/buckets', token, { name: 'not-allowed' });
        assert.equal(post.status, 403);
        const { error } = (await post.json()) as { error: { code: string; message: string } };
        assert.equal(error.code, 'FORBIDDEN');
        assert.match(error.message, /Only administrators/);
        assert.equal((await call('GET', '/admin/buckets', token)).status, 403);
      }
      assert.equal(await inS3('not-allowed'), false);
      assert.ok(!(await listed()).includes('not-allowed'));
    });

    it('answers 401 without a valid token', async () => {
      assert.equal((await call('POST', '/admin/buckets', null, { name: 'no-token' })).status, 401);
      assert.equal((await call('GET', '/admin/buckets', null)).status, 401);
      assert.equal((await call('POST', '/admin/buckets', 'not.a.jwt', { name: 'no-token' })).status, 401);
      assert.equal(await inS3('no-token'), false);
    });

    it('gives one bucket to one of two admins racing for the same name', async () => {
      const [a, b] = await Promise.all([asAdmin('race-name'), asAdmin('race-name')]);
      assert.deepEqual([a.status, b.status].sort(), [201, 409]);
      assert.equal(await inS3('race-name'), true);
      assert.equal((await listed()).filter((n) => n === 'race-name').length, 1);
    });

    it('deletes the new bucket from S3 again when recording it fails', async () => {
      const database: Database<GalleryDB> = await openDb<GalleryDB>({ url: ctx.url, sqlitePath: join(stack.dataDir, 'gallery', 'gallery.db'), schema: 'gallery' });
      try {
        await refuseInserts(database, true);
        const res = await asAdmin('not-recorded');
        assert.equal(res.status, 500);
        assert.equal(await inS3('not-recorded'), false, 'S3 and the catalog agree again');
        await refuseInserts(database, false);
        assert.equal((await asAdmin('not-recorded')).status, 201, 'the name can be used once the catalog works again');
      } finally {
        await refuseInserts(database, false).catch(() => {});
        await database.close();
      }
    });
  }),
);

/** A trigger that makes every insert into `bucket` fail (a full disk, a lost connection) while reads still work. */
async function refuseInserts(database: Database<GalleryDB>, on: boolean): Promise<void> {
  const db = database.db;
  if (database.dialect === 'sqlite') {
    await sql`DROP TRIGGER IF EXISTS bucket_refuse`.execute(db);
    if (on) await sql.raw(`CREATE TRIGGER bucket_refuse BEFORE INSERT ON bucket BEGIN SELECT RAISE(ABORT, 'disk full'); END`).execute(db);
    return;
  }
  await sql`DROP TRIGGER IF EXISTS bucket_refuse ON bucket`.execute(db);
  if (on) {
    await sql.raw(`CREATE OR REPLACE FUNCTION bucket_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql`).execute(db);
    await sql`CREATE TRIGGER bucket_refuse BEFORE INSERT ON bucket FOR EACH ROW EXECUTE FUNCTION bucket_refuse()`.execute(db);
  }
}
