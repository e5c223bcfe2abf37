import type { StorageBucket, StorageBucketList } from '@photocloud/contracts';
import type { HttpClient } from './http.ts';

/** Administration routes, for users with the admin role (`/admin/*`). */
export class AdminApi {
  constructor(private readonly http: HttpClient) {}

  /** Buckets created through PhotoCloud, by name. */
  buckets(signal?: AbortSignal): Promise<StorageBucketList> {
    return this.http.send('GET', '/admin/buckets', signal ? { signal } : {});
  }

  /**
   * Creates a storage bucket: VALIDATION_FAILED names the S3 naming rule broken (`details.rule`),
   * CONFLICT says the name is taken (`details.where`: catalog or s3), FORBIDDEN without the admin role.
   */
  createBucket(name: string): Promise<StorageBucket> {
    return this.http.send('POST', '/admin/buckets', { body: { name } });
  }
}
