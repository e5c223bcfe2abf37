/** Every gallery job and its payload (immich `JobOf`). Handlers live in `handlers.ts`. */
export interface GalleryJobs {
  /** EXIF, thumbnail, preview, placeholder, pHash (photos); duration, size, poster (videos). */
  'process-media': { mediaId: string };
  /** Deletes a trashed media's bytes and its row. */
  'purge-media': { mediaId: string };
  /** Finds media trashed longer than the retention and queues their purge. Keyed per day. */
  'purge-trash': { day: string };
  /** Removes direct uploads that were never completed, with their objects. Keyed per hour. */
  'sweep-uploads': { hour: string };
  /** Rewrites an album's index.json when the inline write after a change failed. */
  'album-index': { ownerId: string; albumId: string };
  /** Detect similar photos for one owner; the job id is the run id (`similar_run`). */
  'similar-detect': { ownerId: string };
  /** Groups one processed photo with the owner's similar ones. Keyed per media. */
  'similar-assign': { mediaId: string };
}

export type GalleryJobName = keyof GalleryJobs;
