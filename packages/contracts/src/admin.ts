import { Type, type Static } from '@sinclair/typebox';

/**
 * Wire contract of the administration routes (`/admin/*`, admin role only). The bucket name is only
 * bounded here: the gallery checks the S3 naming rules itself, so the answer can say which rule failed.
 */

export const StorageBucket = Type.Object({
  name: Type.String(),
  /** Region the bucket was created in (the gallery's S3_REGION). */
  region: Type.String(),
  /** Id of the administrator who created it. */
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export type StorageBucket = Static<typeof StorageBucket>;

export const CreateBucketRequest = Type.Object({ name: Type.String({ maxLength: 255 }) }, { additionalProperties: false });
export type CreateBucketRequest = Static<typeof CreateBucketRequest>;

/** Buckets created through PhotoCloud, by name. */
export const StorageBucketList = Type.Object({ items: Type.Array(StorageBucket) });
export type StorageBucketList = Static<typeof StorageBucketList>;

/** Which S3 naming rule a refused bucket name breaks (`error.details.rule` of a VALIDATION_FAILED answer). */
export type BucketNameRule = 'length' | 'characters' | 'edges' | 'adjacent-dots' | 'dot-hyphen' | 'ip-address' | 'reserved-prefix' | 'reserved-suffix';
