import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { listen, openDb, migrateToLatest, systemClock, type Clock, type Logger } from '@photocloud/kit';
import { createS3RequestListener } from './app.ts';
import type { S3Config } from './config.ts';
import { migrations } from './db/migrations/index.ts';
import type { S3Db } from './db/schema.ts';
import { ServiceKeyResolver } from './iam/key-resolver.ts';
import { AccessKeyStore } from './iam/access-key.store.ts';
import { deriveKeys, loadServerSecret } from './iam/secrets.ts';
import { ALLOW_ALL } from './iam/policy.ts';
import { loadRootKey, type RootKey } from './iam/root-key.ts';
import type { S3Deps } from './s3/context.ts';
import { BlobStore } from './store/blob.store.ts';
import { BucketExistsError, MetaStore } from './store/meta.store.ts';
import { MultipartStore } from './store/multipart.store.ts';
import { CorsStore } from './store/cors.store.ts';
import { UploadSweeper } from './store/upload-sweeper.ts';
import { recover } from './store/recovery.ts';
import { BlobReaper } from './store/reaper.ts';

export interface S3Service {
  url: string;
  server: Server;
  rootKey: RootKey;
  /** Runs the abandoned-multipart sweep now (it also runs in the background); resolves to the uploads aborted. */
  sweepUploads(): Promise<number>;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

export interface StartS3Options {
  config: S3Config;
  log: Logger;
  clock?: Clock;
}

/** The owner id of the root key. */
export const ROOT_OWNER = 'root';

/** Composition root of the S3 service: data dir, database, recovery, root key, default bucket, HTTP server. */
export async function startS3Service({ config, log, clock = systemClock }: StartS3Options): Promise<S3Service> {
  const root = resolve(config.dataDir, 's3');
  const blobs = new BlobStore(root);
  await blobs.init();
  const database = await openDb<S3Db>({ url: config.databaseUrl, sqlitePath: join(root, 'meta.db'), schema: 's3' });
  try {
    await migrateToLatest(database.db, migrations);
    const meta = new MetaStore(database.db, database.dialect);
    const uploads = new MultipartStore(database.db, database.dialect);
    await recover(meta, uploads, blobs, log);

    const keyFile = join(root, 'root-key.json');
    const { key: rootKey, generated, fromFile } = await loadRootKey(keyFile, config);
    if (generated) log.info({ file: keyFile }, 'generated the root S3 access key');
    else if (fromFile) log.info({ file: keyFile }, 'root S3 access key loaded');

    const secretFile = join(root, 'server-secret');
    const secret = await loadServerSecret(secretFile, config.keySecret);
    if (secret.generated) log.info({ file: secretFile }, 'generated the S3 server secret');
    const keyServer = deriveKeys(secret.secret);
    const accessKeys = new AccessKeyStore(database.db, keyServer.keySeal);

    await ensureBucket(meta, config, clock);
    const reaper = new BlobReaper(meta, blobs, log);
    const deps: S3Deps = {
      config,
      log,
      meta,
      uploads,
      cors: new CorsStore(database.db),
      blobs,
      reaper,
      clock,
      keys: new ServiceKeyResolver({ ...rootKey, owner: ROOT_OWNER, policy: ALLOW_ALL, kind: 'root' }, accessKeys, keyServer, clock),
      accessKeys,
      keyServer,
      // Longest first: `b.s3.localhost` is bucket `b` on `s3.localhost`, not bucket `b.s3` on `localhost`.
      domains: config.domains.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean).sort((a, b) => b.length - a.length),
    };
    const sweeper = new UploadSweeper(uploads, reaper, log, config.multipartMaxAge * 1000, clock);
    sweeper.start();
    const server = createServer({ keepAliveTimeout: 65_000 }, createS3RequestListener(deps));
    const url = await listen(server, config.port, config.host);
    log.info({ url, bucket: config.bucket }, 'S3 service listening');
    return {
      url,
      server,
      rootKey,
      sweepUploads: () => sweeper.sweep(),
      close: async () => {
        await new Promise<void>((done) => {
          // Keep-alive connections turn idle as their last request ends: close them as they do.
          const sweep = setInterval(() => server.closeIdleConnections(), 50);
          server.close(() => {
            clearInterval(sweep);
            done();
          });
          server.closeIdleConnections();
        });
        await sweeper.stop();
        await reaper.flush();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

async function ensureBucket(meta: MetaStore, config: S3Config, clock: Clock): Promise<void> {
  if (await meta.getBucket(config.bucket)) return;
  try {
    await meta.createBucket({ name: config.bucket, owner: ROOT_OWNER, region: config.region, createdAt: clock.now().toISOString() });
  } catch (err) {
    if (!(err instanceof BucketExistsError)) throw err; // another instance created it meanwhile
  }
}
