import type { CredentialsResponse } from '@photocloud/contracts';

/** Every user's files live under this prefix of the photo bucket. */
export function userPrefix(userId: string): string {
  return `users/${userId}/`;
}

/**
 * Hands a signed-in user storage access limited to `users/<id>/`. Implementations: embedded (the
 * built-in S3 service's STS) and presigned-only; adapters for AWS/MinIO STS, OVH and Backblaze B2
 * keys plug in here.
 */
export interface CredentialsProvider {
  readonly mode: string;
  issue(userId: string): Promise<CredentialsResponse>;
  close?(): void;
}

/** No keys at all: clients upload and download through the API's presigned URLs. */
export class PresignedOnlyProvider implements CredentialsProvider {
  readonly mode = 'presigned';

  constructor(private readonly bucket: string) {}

  async issue(userId: string): Promise<CredentialsResponse> {
    return { mode: 'presigned', bucket: this.bucket, prefix: userPrefix(userId) };
  }
}
