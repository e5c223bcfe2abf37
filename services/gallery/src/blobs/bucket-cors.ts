import { GetBucketCorsCommand, PutBucketCorsCommand, type CORSRule } from '@aws-sdk/client-s3';
import { statusOf, type BlobStore } from './blob-store.ts';

/** Our rule's ID: the rules of others on the same bucket are kept as they are. */
export const UPLOAD_CORS_RULE_ID = 'photocloud-browser-uploads';

/** Parses UPLOAD_CORS_ORIGINS: `off` (or empty) leaves the bucket alone. */
export function corsOrigins(setting: string): string[] | null {
  const origins = setting
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return origins.length === 0 || (origins.length === 1 && origins[0]!.toLowerCase() === 'off') ? null : origins;
}

/**
 * Lets browsers on these origins send presigned PUTs (whole files and parts) and read what S3 answers
 * (the ETag included). Writes only when our rule is missing or different, so a restart costs one GET.
 */
export async function ensureUploadCors(blobs: BlobStore, origins: string[]): Promise<'unchanged' | 'written'> {
  const ours: CORSRule = {
    ID: UPLOAD_CORS_RULE_ID,
    AllowedOrigins: origins,
    AllowedMethods: ['PUT', 'GET', 'HEAD'],
    AllowedHeaders: ['*'],
    ExposeHeaders: ['ETag'],
    MaxAgeSeconds: 3600,
  };
  let rules: CORSRule[] = [];
  try {
    rules = (await blobs.client.send(new GetBucketCorsCommand({ Bucket: blobs.bucket }))).CORSRules ?? [];
  } catch (err) {
    if (statusOf(err) !== 404) throw err; // NoSuchCORSConfiguration: none yet
  }
  const current = rules.find((r) => r.ID === UPLOAD_CORS_RULE_ID);
  if (current && sameRule(current, ours)) return 'unchanged';
  const others = rules.filter((r) => r.ID !== UPLOAD_CORS_RULE_ID);
  await blobs.client.send(new PutBucketCorsCommand({ Bucket: blobs.bucket, CORSConfiguration: { CORSRules: [...others, ours] } }));
  return 'written';
}

function sameRule(a: CORSRule, b: CORSRule): boolean {
  const same = (x: string[] | undefined, y: string[] | undefined) => JSON.stringify([...(x ?? [])].sort()) === JSON.stringify([...(y ?? [])].sort());
  return (
    same(a.AllowedOrigins, b.AllowedOrigins) &&
    same(a.AllowedMethods, b.AllowedMethods) &&
    same(a.AllowedHeaders, b.AllowedHeaders) &&
    same(a.ExposeHeaders, b.ExposeHeaders) &&
    a.MaxAgeSeconds === b.MaxAgeSeconds
  );
}
