import type { JobHandlers } from '@photocloud/kit/jobs/worker';
import type { GalleryJobs } from './job-names.ts';
import { runAssign } from './similar-assign.ts';
import { runDetect, type SimilarJobDeps } from './similar-detect.ts';

export type { SimilarJobDeps };

/** Handlers of the similar-photo jobs; the run id is the detection job's id. */
export function similarHandlers(d: SimilarJobDeps): Pick<JobHandlers<GalleryJobs>, 'similar-detect' | 'similar-assign'> {
  return {
    'similar-detect': ({ ownerId }, { jobId, log }) => runDetect(jobId, ownerId, d, log),
    'similar-assign': ({ mediaId }, { log }) => runAssign(mediaId, d, log),
  };
}
