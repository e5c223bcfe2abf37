import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@photocloud/kit';
import type { DialectContext } from '@photocloud/kit/testing/db';
import { loadS3Config } from '../src/config.ts';
import { startS3Service, type S3Service } from '../src/service.ts';

export interface TestS3 {
  service: S3Service;
  client: S3Client;
  url: string;
  dataDir: string;
  bucket: string;
  close(): Promise<void>;
}

/** The real S3 service on port 0 with a temp DATA_DIR and the suite's database, plus a default SDK client. */
export async function startTestS3(ctx: DialectContext, env: Record<string, string> = {}): Promise<TestS3> {
  const dataDir = join(ctx.dir, `data-${Math.random().toString(36).slice(2)}`);
  const config = loadS3Config({
    S3_PORT: '0',
    DATA_DIR: dataDir,
    ...(ctx.url ? { DATABASE_URL: ctx.url } : {}),
    ...env,
  });
  const service = await startS3Service({ config, log: createLogger({ service: 's3', level: process.env.S3_TEST_LOG ?? 'silent' }) });
  const client = s3Client(service.url, service.rootKey);
  return {
    service,
    client,
    url: service.url,
    dataDir,
    bucket: config.bucket,
    close: async () => {
      client.destroy();
      await service.close();
    },
  };
}

export function s3Client(url: string, credentials: { accessKeyId: string; secretAccessKey: string }): S3Client {
  return new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials });
}

/** Every file under dir, relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), join(rel, e.name));
      else out.push(join(rel, e.name));
    }
  };
  walk(dir, '');
  return out;
}

export const blobsDir = (t: TestS3): string => join(t.dataDir, 's3', 'blobs');
export const tmpDir = (t: TestS3): string => join(t.dataDir, 's3', 'tmp');
