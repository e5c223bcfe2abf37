import type { S3Credentials } from '@photocloud/contracts';

/** The name the snippets give the remote / profile. */
export const REMOTE = 'photocloud';

/** Every snippet with the secret and the session token, or with them masked for the screen. */
export interface Snippets {
  rclone: string;
  rcloneExample: string;
  awsCredentials: string;
  awsConfig: string;
  awsConfigure: string;
  awsExample: string;
}

/** `users/<id>/` as a path under the bucket, with exactly one trailing slash. */
function folder(c: Pick<S3Credentials, 'bucket' | 'prefix'>): string {
  return `${c.bucket}/${c.prefix.replace(/^\/+/, '').replace(/\/*$/, '/')}`;
}

/**
 * Ready-to-paste configuration for rclone and the aws CLI. The keys are temporary (STS), so both need
 * the session token; rclone must not check or create the bucket, which the keys may not touch.
 */
export function s3Snippets(c: S3Credentials, mask = false): Snippets {
  const secret = mask ? '•'.repeat(24) : c.secretAccessKey;
  const token = mask ? '•'.repeat(24) : c.sessionToken;
  const where = folder(c);
  return {
    rclone: [
      `[${REMOTE}]`,
      'type = s3',
      'provider = Other',
      `access_key_id = ${c.accessKeyId}`,
      `secret_access_key = ${secret}`,
      `session_token = ${token}`,
      `endpoint = ${c.endpoint}`,
      `region = ${c.region}`,
      'force_path_style = true',
      'no_check_bucket = true',
    ].join('\n'),
    rcloneExample: `rclone ls ${REMOTE}:${where}`,
    awsCredentials: [`[${REMOTE}]`, `aws_access_key_id = ${c.accessKeyId}`, `aws_secret_access_key = ${secret}`, `aws_session_token = ${token}`].join('\n'),
    awsConfig: [`[profile ${REMOTE}]`, `region = ${c.region}`, `endpoint_url = ${c.endpoint}`, 's3 =', '    addressing_style = path'].join('\n'),
    awsConfigure: [
      `aws configure set aws_access_key_id ${c.accessKeyId} --profile ${REMOTE}`,
      `aws configure set aws_secret_access_key ${secret} --profile ${REMOTE}`,
      `aws configure set aws_session_token ${token} --profile ${REMOTE}`,
      `aws configure set region ${c.region} --profile ${REMOTE}`,
    ].join('\n'),
    awsExample: `aws s3 ls s3://${where} --profile ${REMOTE} --endpoint-url ${c.endpoint}`,
  };
}
