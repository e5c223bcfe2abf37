import { Type } from '@sinclair/typebox';
import { loadConfig, type ConfigOf, type ConfigSpec } from '@photocloud/kit';

/** Configuration of the S3 service; every key has a working default for one machine. */
export const s3ConfigSpec = {
  port: { env: 'S3_PORT', schema: Type.Integer({ minimum: 0, maximum: 65535 }), default: 9000, description: 'S3 API port (0 picks a free port)' },
  host: { env: 'S3_HOST', schema: Type.String({ minLength: 1 }), default: '127.0.0.1', description: 'address the S3 API listens on' },
  dataDir: { env: 'DATA_DIR', schema: Type.String({ minLength: 1 }), default: './data', description: 'data directory; the S3 service keeps its files in DATA_DIR/s3' },
  databaseUrl: { env: 'DATABASE_URL', schema: Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL' }), description: 'PostgreSQL URL (schema s3); absent: SQLite at DATA_DIR/s3/meta.db' },
  accessKey: { env: 'S3_ACCESS_KEY', schema: Type.String({ minLength: 3, maxLength: 128 }), description: 'root access key id; generated into DATA_DIR/s3/root-key.json when absent' },
  secretKey: { env: 'S3_SECRET_KEY', schema: Type.String({ minLength: 8, maxLength: 256 }), secret: true, description: 'root secret access key' },
  region: { env: 'S3_REGION', schema: Type.String({ pattern: '^[a-z0-9-]{1,32}$', description: 'a region name like us-east-1' }), default: 'us-east-1', description: 'region reported and expected in signatures' },
  domains: { env: 'S3_DOMAINS', schema: Type.String(), default: 'localhost,s3.localhost', description: 'comma-separated domains for virtual-hosted-style requests (bucket.<domain>)' },
  bucket: { env: 'S3_BUCKET', schema: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', description: 'a valid S3 bucket name' }), default: 'photocloud', description: 'bucket created at start-up when missing' },
  maxObjectSize: { env: 'S3_MAX_OBJECT_SIZE', schema: Type.Integer({ minimum: 1 }), default: 5 * 1024 ** 3, description: 'largest object accepted by PutObject, in bytes' },
  multipartMaxAge: { env: 'S3_MULTIPART_MAX_AGE', schema: Type.Integer({ minimum: 60 }), default: 7 * 24 * 3600, description: 'seconds after which an unfinished multipart upload is aborted by the background sweep' },
  keySecret: { env: 'S3_KEY_SECRET', schema: Type.String({ minLength: 32, maxLength: 512 }), secret: true, description: 'server secret sealing access-key secrets and session tokens; generated into DATA_DIR/s3/server-secret when absent' },
  stsJwksUrl: { env: 'S3_STS_JWKS_URL', schema: Type.String({ pattern: '^https?://', description: 'an http(s) URL' }), description: 'JWKS URL of the AuthService, for AssumeRoleWithWebIdentity; absent: web identity is refused' },
  stsIssuer: { env: 'S3_STS_ISSUER', schema: Type.String({ minLength: 1 }), default: 'http://localhost:8080', description: 'issuer (iss) web identity tokens must carry (the AuthService API_URL)' },
  stsAudience: { env: 'S3_STS_AUDIENCE', schema: Type.String({ minLength: 1 }), default: 'photocloud-api', description: 'audience (aud) web identity tokens must carry (default: the API access-token audience, so the app trades its access token)' },
} satisfies ConfigSpec;

export type S3Config = ConfigOf<typeof s3ConfigSpec>;

export function loadS3Config(env: NodeJS.ProcessEnv = process.env): S3Config {
  return loadConfig(s3ConfigSpec, env);
}
