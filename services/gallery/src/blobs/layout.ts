/**
 * Where things live in the bucket (DESIGN.md "Storage layout"). Every key of a user starts with
 * `users/<uid>/`, which is what scoped S3 credentials are limited to.
 */
export const layout = {
  userPrefix: (userId: string) => `users/${userId}/`,
  /** `yyyy/mm` is the taken-at known when the bytes arrived; the key never moves afterwards. */
  original: (userId: string, mediaId: string, takenAt: Date, ext: string) =>
    `users/${userId}/originals/${takenAt.getUTCFullYear().toString().padStart(4, '0')}/${String(takenAt.getUTCMonth() + 1).padStart(2, '0')}/${mediaId}.${ext}`,
  thumbnail: (userId: string, mediaId: string) => `users/${userId}/derived/${mediaId}/thumb.webp`,
  preview: (userId: string, mediaId: string) => `users/${userId}/derived/${mediaId}/preview.webp`,
  albumIndex: (userId: string, albumId: string) => `users/${userId}/albums/${albumId}/index.json`,
};

/** S3 user metadata on originals, so the bucket alone can rebuild the catalog. Values are ASCII (S3 headers). */
export interface OriginalMetadata {
  owner: string;
  'media-id': string;
  'taken-at': string;
  /** Hex SHA-256 of the bytes; added once known when the upload did not announce it. */
  sha256?: string;
  /** The uploaded file name, URI-encoded. */
  'original-name': string;
}

export function originalMetadata(m: { ownerId: string; id: string; takenAt: string; sha256?: string | null; originalName: string }): Record<string, string> {
  const meta: OriginalMetadata = { owner: m.ownerId, 'media-id': m.id, 'taken-at': m.takenAt, 'original-name': encodeURIComponent(m.originalName) };
  if (m.sha256 && /^[0-9a-f]{64}$/.test(m.sha256)) meta.sha256 = m.sha256;
  return meta as unknown as Record<string, string>;
}
