import type { Kysely } from 'kysely';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import type { GalleryJobs } from './job-names.ts';

/**
 * Groups the photo with the owner's others, after processing or after a detection run that missed
 * it. Keyed per media, queued again when already done; inside `trx` when given.
 */
export async function queueSimilarAssign(queue: JobQueue<GalleryJobs>, mediaId: string, trx: Kysely<any> | null = null): Promise<void> {
  await queue.enqueue(trx, 'similar-assign', { mediaId }, { key: mediaId, again: true });
}
