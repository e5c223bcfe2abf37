import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE } from '@photocloud/contracts';
import { createLogger, loadConfig, ManualClock } from '@photocloud/kit';
import type { DialectContext } from '@photocloud/kit/testing/db';
import { s3ConfigSpec, startS3Service, type S3Service } from '@photocloud/s3';
import { galleryConfigSpec, startGalleryService, type GalleryService } from '../../src/index.ts';

const ISSUER = 'http://photocloud.test';

export interface TestStack {
  url: string;
  gallery: GalleryService;
  s3: S3Service;
  s3Client: S3Client;
  clock: ManualClock;
  /** A valid access token for this user id, signed by the stand-in for the auth service's key. */
  token(userId: string, claims?: Record<string, unknown>): Promise<string>;
  /** `fetch` against the gallery as `userId` (with extra token claims, such as a verified `email`). */
  api(userId: string, path: string, init?: RequestInit & { json?: unknown; claims?: Record<string, unknown> }): Promise<Response>;
  /** Runs queued jobs to completion. */
  runJobs(): Promise<number>;
  /** Stops the gallery (as a crash or deploy would) and starts a new one on the same catalog and bucket. */
  restartGallery(): Promise<void>;
  /** Keys under a prefix in the bucket, read over S3. */
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The real S3 service on a free port, then the gallery against it on the suite's database. Access
 * tokens are signed with a local Ed25519 key and verified by the real verifier through a local JWKS.
 */
export async function startStack(ctx: DialectContext, env: Record<string, string> = {}): Promise<TestStack> {
  const log = createLogger({ service: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const dataDir = join(ctx.dir, `stack-${randomUUID().slice(0, 8)}`);
  const accessKey = 'gallerytest';
  const secretKey = 'gallery-test-secret-key';
  const s3 = await startS3Service({
    config: loadConfig(s3ConfigSpec, { DATA_DIR: dataDir, S3_PORT: '0', S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey }),
    log,
  });
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = 'test-key';
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] });
  const clock = new ManualClock();
  const config = loadConfig(galleryConfigSpec, {
    DATA_DIR: dataDir,
    ...(ctx.url ? { DATABASE_URL: ctx.url } : {}),
    S3_ENDPOINT: s3.url,
    S3_ACCESS_KEY: accessKey,
    S3_SECRET_KEY: secretKey,
    API_URL: ISSUER,
    GALLERY_WORKERS: '0',
    ...env,
  });
  let gallery = await startGalleryService({ config, log, clock, jwks });
  const s3Client = new S3Client({
    endpoint: s3.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
  });
  const token = (userId: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ ...claims, sid: `session-${userId}` })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
  const stack: TestStack = {
    url: gallery.url,
    gallery,
    s3,
    s3Client,
    clock,
    token,
    async api(userId, path, init = {}) {
      const headers = new Headers(init.headers);
      if (userId) headers.set('authorization', `Bearer ${await token(userId, init.claims)}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(stack.url + path, { ...init, headers, body, ...(body && typeof body === 'object' && 'getReader' in body ? { duplex: 'half' } : {}) });
    },
    runJobs: () => gallery.gallery.worker.runUntilIdle(),
    async restartGallery() {
      await gallery.close();
      gallery = await startGalleryService({ config, log, clock, jwks });
      stack.gallery = gallery;
      stack.url = gallery.url;
    },
    async keys(prefix) {
      const out = await s3Client.send(new ListObjectsV2Command({ Bucket: 'photocloud', Prefix: prefix }));
      return (out.Contents ?? []).map((o) => o.Key!).sort();
    },
    async close() {
      s3Client.destroy();
      await gallery.close();
      await s3.close();
    },
  };
  return stack;
}

/** Uploads bytes as a raw body. */
export function uploadRaw(stack: TestStack, userId: string, bytes: Uint8Array, filename: string, headers: Record<string, string> = {}): Promise<Response> {
  return stack.api(userId, '/media/upload', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(filename), ...headers },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
}

/**
 * POSTs `body` with chunked encoding (no Content-Length) and resolves with the first response,
 * even when the server answers before the body is fully sent (as it does on a 413).
 */
export function postChunked(url: string, token: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    let offset = 0;
    const pump = (): void => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + 65536);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
