export { startS3Service, ROOT_OWNER, type S3Service, type StartS3Options } from './service.ts';
export { s3ConfigSpec, loadS3Config, type S3Config } from './config.ts';
export type { AccessKey, KeyResolver } from './iam/key-resolver.ts';
export type { Policy, PolicyStatement } from './iam/policy.ts';
export { S3AdminClient, AdminApiError, type AccessKeyInfo, type AdminClientOptions } from './admin-client.ts';
export { parsePolicyDocument, PolicyError } from './iam/policy-document.ts';
export { webIdentityPolicy } from './sts/sts.ts';
