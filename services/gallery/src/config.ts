import { Type } from '@sinclair/typebox';
import type { ConfigOf } from '@photocloud/kit';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Url = Type.String({ format: 'uri' });
const Bytes = Type.Integer({ minimum: 0 });

export const galleryConfigSpec = {
  port: { env: 'GALLERY_PORT', schema: Port, default: 0, description: 'Port of the gallery service (0: any free port; the gateway forwards to it)' },
  host: { env: 'GALLERY_HOST', schema: Type.String({ minLength: 1 }), default: '127.0.0.1', description: 'Address the gallery service listens on' },
  dataDir: { env: 'DATA_DIR', schema: Type.String({ minLength: 1 }), default: 'data', description: 'Data directory; the SQLite catalog is DATA_DIR/gallery/gallery.db' },
  databaseUrl: { env: 'DATABASE_URL', schema: Type.String({ pattern: '^postgres(ql)?://' , description: 'a postgres:// URL' }), description: 'PostgreSQL URL (tables in schema `gallery`); absent: SQLite' },
  s3Endpoint: { env: 'S3_ENDPOINT', schema: Url, default: 'http://127.0.0.1:9000', description: 'S3 endpoint holding the photos (all-in-one fills in the embedded one)' },
  s3Region: { env: 'S3_REGION', schema: Type.String({ minLength: 1 }), default: 'us-east-1', description: 'S3 region used for signing' },
  s3Bucket: { env: 'S3_BUCKET', schema: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', description: 'an S3 bucket name' }), default: 'photocloud', description: 'Bucket holding originals, derived files and album indexes' },
  s3AccessKey: { env: 'S3_ACCESS_KEY', schema: Type.String({ minLength: 1 }), description: 'S3 access key id', secret: true },
  s3SecretKey: { env: 'S3_SECRET_KEY', schema: Type.String({ minLength: 1 }), description: 'S3 secret access key', secret: true },
  authJwksUrl: { env: 'AUTH_JWKS_URL', schema: Url, default: 'http://127.0.0.1:8080/.well-known/jwks.json', description: 'Where the auth service publishes its access-token keys' },
  authIssuer: { env: 'API_URL', schema: Url, default: 'http://localhost:8080', description: 'Public base URL of the API; the access-token issuer' },
  maxUploadBytes: { env: 'MAX_UPLOAD_BYTES', schema: Bytes, default: 10 * 1024 ** 3, description: 'Largest file accepted by one upload (bytes)' },
  wholeBodyBytes: { env: 'GALLERY_WHOLE_BODY_BYTES', schema: Type.Integer({ minimum: 131072, maximum: 64 * 1024 ** 2 }), default: 8 * 1024 ** 2, description: 'Uploads up to this size are hashed before they are stored (duplicates never written); larger ones stream in parts' },
  userQuotaBytes: { env: 'USER_QUOTA_BYTES', schema: Bytes, default: 0, description: 'Storage allowed per user (bytes); 0: unlimited' },
  presignTtlSeconds: { env: 'GALLERY_URL_TTL_SECONDS', schema: Type.Integer({ minimum: 10, maximum: 604800 }), default: 900, description: 'Lifetime of the presigned URLs handed to the owner (seconds)' },
  uploadTtlSeconds: { env: 'GALLERY_UPLOAD_TTL_SECONDS', schema: Type.Integer({ minimum: 60, maximum: 604800 }), default: 3600, description: 'How long a direct upload may take before it is cleaned up (seconds)' },
  directUploads: { env: 'DIRECT_UPLOADS', schema: Type.Boolean(), default: true, description: 'Let clients upload straight to S3 with presigned URLs (POST /uploads); turn off when browsers cannot reach S3_PUBLIC_URL, and they upload through the API instead' },
  multipartThresholdBytes: { env: 'UPLOAD_MULTIPART_THRESHOLD', schema: Type.Integer({ minimum: 5 * 1024 ** 2 + 1, maximum: 5 * 1024 ** 3 }), default: 64 * 1024 ** 2, description: 'Direct uploads larger than this go to S3 in parts (bytes; at most 5 GiB, the largest single PUT)' },
  uploadPartBytes: { env: 'UPLOAD_PART_SIZE', schema: Type.Integer({ minimum: 5 * 1024 ** 2, maximum: 5 * 1024 ** 3 }), default: 16 * 1024 ** 2, description: 'Part size of multipart direct uploads (bytes, at least 5 MiB; raised for huge files so they fit in 10,000 parts)' },
  s3PublicUrl: { env: 'S3_PUBLIC_URL', schema: Url, description: 'S3 endpoint as browsers reach it, for presigned URLs (default: S3_ENDPOINT); same service, another host name' },
  uploadCorsOrigins: {
    env: 'UPLOAD_CORS_ORIGINS',
    schema: Type.String(),
    default: '*',
    description: 'Origins allowed to PUT to the bucket from a browser, set as a CORS rule on the bucket at start (comma-separated; `*`: any, safe since a presigned URL is the only credential; `off`: leave the bucket CORS alone)',
  },
  trashDays: { env: 'TRASH_DAYS', schema: Type.Integer({ minimum: 0 }), default: 30, description: 'Days a trashed media is kept before it is purged with its bytes' },
  similarThreshold: { env: 'SIMILAR_THRESHOLD', schema: Type.Integer({ minimum: 0, maximum: 32 }), default: 8, description: 'Largest Hamming distance between two 64-bit pHashes for similar photos (8: no false match on the labelled set; 10 finds more crops but searches ~4x slower)' },
  shareUrlTtlSeconds: { env: 'SHARE_URL_TTL_SECONDS', schema: Type.Integer({ minimum: 10, maximum: 604800 }), default: 3600, description: 'Lifetime of the presigned URLs handed to share viewers (seconds, never past the share expiry; up to 7 days lightens the backend, but a revoked share only stops listing: URLs already handed out live until they expire)' },
  shareMaxDays: { env: 'SHARE_MAX_DAYS', schema: Type.Integer({ minimum: 1, maximum: 3650 }), default: 90, description: 'Longest expiry an owner may give a share link (days)' },
  shareAllowNever: { env: 'SHARE_ALLOW_NEVER', schema: Type.Boolean(), default: false, description: 'Allow share links that never expire' },
  shareSecureCookie: {
    env: 'SHARE_SECURE_COOKIE',
    schema: Type.Union([Type.Literal('auto'), Type.Literal('always'), Type.Literal('never')]),
    default: 'auto',
    description: 'Secure flag of the share session cookie (auto: when the request came over HTTPS, as the gateway reports it)',
  },
  workerConcurrency: { env: 'GALLERY_WORKERS', schema: Type.Integer({ minimum: 0, maximum: 64 }), default: 2, description: 'Processing jobs run at once in this process (0: no worker here)' },
} as const;

export type GalleryConfig = ConfigOf<typeof galleryConfigSpec>;
