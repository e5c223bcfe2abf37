import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, Logger } from '@photocloud/kit';
import type { S3Config } from '../config.ts';
import type { AccessKeyStore } from '../iam/access-key.store.ts';
import type { AccessKey, KeyResolver } from '../iam/key-resolver.ts';
import type { ServerKeys } from '../iam/secrets.ts';
import type { BlobStore } from '../store/blob.store.ts';
import type { CorsStore } from '../store/cors.store.ts';
import type { MetaStore } from '../store/meta.store.ts';
import type { MultipartStore } from '../store/multipart.store.ts';
import type { BlobReaper } from '../store/reaper.ts';
import type { ParsedAuth, VerifiedAuth } from './sigv4.ts';

/** Everything the request pipeline needs, built once by the composition root. */
export interface S3Deps {
  config: S3Config;
  log: Logger;
  meta: MetaStore;
  uploads: MultipartStore;
  cors: CorsStore;
  blobs: BlobStore;
  reaper: BlobReaper;
  keys: KeyResolver;
  accessKeys: AccessKeyStore;
  /** Keys derived from the server secret (session tokens, sealed secrets). */
  keyServer: ServerKeys;
  clock: Clock;
  domains: readonly string[];
}

/** One authenticated request on its way to a handler. */
export interface S3Context {
  deps: S3Deps;
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  key: AccessKey;
  auth: ParsedAuth;
  verified: VerifiedAuth;
  now: Date;
}
