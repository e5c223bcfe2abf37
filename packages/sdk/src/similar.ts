import type { ResolveSimilarResponse, SimilarGroup, SimilarGroupPage, SimilarGroupsQuery, SimilarJob } from '@photocloud/contracts';
import { isApiError } from './errors.ts';
import type { HttpClient } from './http.ts';

const seg = encodeURIComponent;

/** The gallery's similar-photos routes (`/similar/*`). */
export class SimilarApi {
  constructor(private readonly http: HttpClient) {}

  /** Starts a detection run; while one is queued or running, that one comes back instead of a new one. */
  detect(): Promise<SimilarJob> {
    return this.http.send('POST', '/similar/detect');
  }

  /** A detection run's phase, progress and counts. */
  job(id: string, signal?: AbortSignal): Promise<SimilarJob> {
    return this.http.send('GET', `/similar/jobs/${seg(id)}`, signal ? { signal } : {});
  }

  /** The account's latest detection run (from any device), or null when detection never ran. */
  async latestJob(signal?: AbortSignal): Promise<SimilarJob | null> {
    try {
      return await this.http.send('GET', '/similar/jobs/latest', signal ? { signal } : {});
    } catch (err) {
      if (isApiError(err, 'JOB_NOT_FOUND')) return null;
      throw err;
    }
  }

  /** One page of groups (open ones unless `status` says otherwise), newest first. */
  groups(query: SimilarGroupsQuery = {}, signal?: AbortSignal): Promise<SimilarGroupPage> {
    return this.http.send('GET', '/similar/groups', { query: { ...query }, ...(signal ? { signal } : {}) });
  }

  /** Keeps `keep` and moves the group's other photos to the trash (restorable from there). */
  resolve(groupId: string, keep: string[]): Promise<ResolveSimilarResponse> {
    return this.http.send('POST', `/similar/groups/${seg(groupId)}/resolve`, { body: { keep } });
  }

  /** "Not similar": hides the group; the same set is not proposed again. */
  dismiss(groupId: string): Promise<SimilarGroup> {
    return this.http.send('POST', `/similar/groups/${seg(groupId)}/dismiss`);
  }
}
