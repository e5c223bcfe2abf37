export { startS3Service, ROOT_OWNER, type S3Service, type StartS3Options } from './service.ts';
export { s3ConfigSpec, loadS3Config, type S3Config } from './config.ts';
export type { AccessKey, KeyResolver } from './iam/key-resolver.ts';
export type { Policy, PolicyStatement } from './iam/policy.ts';
