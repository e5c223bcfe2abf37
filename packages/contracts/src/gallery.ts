import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Wire shapes of the gallery API (media, uploads, albums, trash, jobs). */

const Iso = Type.String({ format: 'date-time', description: 'ISO 8601 timestamp' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const MediaKind = Type.Union([Type.Literal('photo'), Type.Literal('video')]);
export type MediaKind = Static<typeof MediaKind>;

export const MediaStatus = Type.Union([Type.Literal('uploading'), Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')]);
export type MediaStatus = Static<typeof MediaStatus>;

export const ExifSummary = Type.Object({
  make: Nullable(Type.String()),
  model: Nullable(Type.String()),
  lens: Nullable(Type.String()),
  exposureTime: Nullable(Type.Number()),
  fNumber: Nullable(Type.Number()),
  iso: Nullable(Type.Number()),
  focalLength: Nullable(Type.Number()),
});
export type ExifSummary = Static<typeof ExifSummary>;

export const Media = Type.Object({
  id: Type.String(),
  /** The seed's `name`: the file name as uploaded. */
  name: Type.String(),
  /** The seed's `path`: the original's object key. */
  path: Type.String(),
  kind: MediaKind,
  /** The seed's `type`: the MIME type recognised from the bytes. */
  type: Type.String(),
  status: MediaStatus,
  size: Type.Number(),
  /** The seed's `hash`: SHA-256 of the original, hex. */
  hash: Type.String(),
  isFavorite: Type.Boolean(),
  description: Nullable(Type.String()),
  takenAt: Iso,
  /** UTC offset of `takenAt` where the camera recorded it, e.g. `+02:00`. */
  takenAtOffset: Nullable(Type.String()),
  takenAtSource: Type.Union([Type.Literal('exif'), Type.Literal('file'), Type.Literal('upload'), Type.Literal('user')]),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  exif: Nullable(ExifSummary),
  thumbhash: Nullable(Type.String()),
  trashedAt: Nullable(Type.String()),
  createdAt: Iso,
  /** In timeline pages: a short-lived presigned URL of the thumbnail, when there is one. */
  thumbUrl: Type.Optional(Type.String()),
});
export type Media = Static<typeof Media>;

export const MediaUrls = Type.Object({
  thumbnail: Nullable(Type.String()),
  preview: Nullable(Type.String()),
  original: Type.String(),
  expiresAt: Iso,
});
export type MediaUrls = Static<typeof MediaUrls>;

export const MediaDetail = Type.Composite([Media, Type.Object({ urls: MediaUrls, albumIds: Type.Array(Type.String()) })]);
export type MediaDetail = Static<typeof MediaDetail>;

export const MediaPage = Type.Object({ items: Type.Array(Media), nextCursor: Nullable(Type.String()) });
export type MediaPage = Static<typeof MediaPage>;

export const TimelineQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  favorite: Type.Optional(Type.Boolean()),
  kind: Type.Optional(MediaKind),
  from: Type.Optional(Iso),
  to: Type.Optional(Iso),
  albumId: Type.Optional(Type.String({ maxLength: 64 })),
});
export type TimelineQuery = Static<typeof TimelineQuery>;

export const MonthBucket = Type.Object({ month: Type.String({ description: 'YYYY-MM' }), count: Type.Integer() });
export type MonthBucket = Static<typeof MonthBucket>;

export const UpdateMediaRequest = Type.Object(
  {
    isFavorite: Type.Optional(Type.Boolean()),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    takenAt: Type.Optional(Iso),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMediaRequest = Static<typeof UpdateMediaRequest>;

const Sha256Hex = Type.String({ pattern: '^[0-9a-fA-F]{64}$' });

export const CheckHashesRequest = Type.Object({ hashes: Type.Array(Sha256Hex, { maxItems: 5000 }) }, { additionalProperties: false });
export const CheckHashesResponse = Type.Object({ existing: Type.Array(Type.Object({ hash: Type.String(), mediaId: Type.String() })) });
export type CheckHashesResponse = Static<typeof CheckHashesResponse>;

/** Similar photos (pHash groups): why a member is in its group, relative to the group's medoid. */
export const SimilarReason = Type.Union([Type.Literal('same-bytes'), Type.Literal('re-encoded-or-resized'), Type.Literal('near-identical-shot')]);
export type SimilarReason = Static<typeof SimilarReason>;

export const SimilarGroupStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('dismissed')]);
export type SimilarGroupStatus = Static<typeof SimilarGroupStatus>;

export const SimilarMember = Type.Object({
  media: Media,
  /** 1 − distance/64 (1: identical hashes). */
  similarityScore: Type.Number(),
  /** Hamming distance of the 64-bit pHash to the group's medoid (the first member). */
  distance: Type.Integer(),
  reason: SimilarReason,
  /** Presigned, valid like the media routes' URLs; null before processing made one. */
  thumbnailUrl: Nullable(Type.String()),
});
export type SimilarMember = Static<typeof SimilarMember>;

export const SimilarGroup = Type.Object({
  id: Type.String(),
  status: SimilarGroupStatus,
  /** The loosest reason among the members. */
  reason: SimilarReason,
  suggestedMediaId: Nullable(Type.String()),
  members: Type.Array(SimilarMember),
  createdAt: Iso,
  updatedAt: Iso,
});
export type SimilarGroup = Static<typeof SimilarGroup>;

export const SimilarGroupPage = Type.Object({ items: Type.Array(SimilarGroup), nextCursor: Nullable(Type.String()) });
export type SimilarGroupPage = Static<typeof SimilarGroupPage>;

export const SimilarGroupsQuery = Type.Object(
  {
    status: Type.Optional(SimilarGroupStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type SimilarGroupsQuery = Static<typeof SimilarGroupsQuery>;

export const ResolveSimilarRequest = Type.Object(
  { keep: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type ResolveSimilarRequest = Static<typeof ResolveSimilarRequest>;

export const ResolveSimilarResponse = Type.Object({ group: SimilarGroup, trashed: Type.Array(Type.String()), albumIds: Type.Array(Type.String()) });
export type ResolveSimilarResponse = Static<typeof ResolveSimilarResponse>;

export const SimilarJob = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  phase: Type.Union([Type.Literal('queued'), Type.Literal('backfill'), Type.Literal('load'), Type.Literal('group'), Type.Literal('store'), Type.Literal('done')]),
  progress: Type.Object({ processed: Type.Integer(), total: Type.Integer() }),
  counts: Type.Object({
    /** Photos compared. */
    photos: Type.Integer(),
    /** Missing pHashes computed by this run. */
    hashed: Type.Integer(),
    /** Photos without a thumbnail to hash. */
    unhashable: Type.Integer(),
    groups: Type.Integer(),
    groupedMedia: Type.Integer(),
  }),
  error: Nullable(Type.String()),
  createdAt: Iso,
  finishedAt: Nullable(Iso),
});
export type SimilarJob = Static<typeof SimilarJob>;

export const UploadResult = Type.Object({ media: Media, duplicate: Type.Boolean() });
export type UploadResult = Static<typeof UploadResult>;

export const CreateDirectUploadRequest = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 255 }),
    size: Type.Integer({ minimum: 1 }),
    sha256: Type.Optional(Sha256Hex),
    contentType: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CreateDirectUploadRequest = Static<typeof CreateDirectUploadRequest>;

/** A presigned URL for one part of a multipart direct upload (PUT exactly that part's bytes). */
export const UploadPartUrl = Type.Object({ partNumber: Type.Integer({ minimum: 1, maximum: 10_000 }), url: Type.String() });
export type UploadPartUrl = Static<typeof UploadPartUrl>;

/** Small files: one presigned PUT of the whole file, with `headers` sent as given. */
export const DirectPutUpload = Type.Object({
  id: Type.String(),
  method: Type.Literal('PUT'),
  url: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
  expiresAt: Iso,
});
export type DirectPutUpload = Static<typeof DirectPutUpload>;

/**
 * Large files: an S3 multipart upload. Part n holds bytes [(n-1)·partSize, n·partSize) of the file
 * (the last one the rest); `parts` carries URLs for the first parts, `POST /uploads/:id/parts` the
 * others or fresh ones. `expiresAt` moves forward each time URLs are asked for.
 */
export const DirectMultipartUpload = Type.Object({
  id: Type.String(),
  method: Type.Literal('MULTIPART'),
  partSize: Type.Integer({ minimum: 1 }),
  partCount: Type.Integer({ minimum: 1, maximum: 10_000 }),
  parts: Type.Array(UploadPartUrl),
  expiresAt: Iso,
});
export type DirectMultipartUpload = Static<typeof DirectMultipartUpload>;

export const DirectUpload = Type.Union([DirectPutUpload, DirectMultipartUpload]);
export type DirectUpload = Static<typeof DirectUpload>;

export const UploadPartUrlsRequest = Type.Object(
  { partNumbers: Type.Array(Type.Integer({ minimum: 1, maximum: 10_000 }), { minItems: 1, maxItems: 100, uniqueItems: true }) },
  { additionalProperties: false },
);
export type UploadPartUrlsRequest = Static<typeof UploadPartUrlsRequest>;

export const UploadPartUrls = Type.Object({ parts: Type.Array(UploadPartUrl), expiresAt: Iso });
export type UploadPartUrls = Static<typeof UploadPartUrls>;

export const Album = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  /** The seed's `type`. */
  type: Type.String(),
  /** The seed's `mediaPath`: where the album's index.json lives. */
  mediaPath: Type.String(),
  coverMediaId: Nullable(Type.String()),
  mediaCount: Type.Integer(),
  createdAt: Iso,
  updatedAt: Iso,
});
export type Album = Static<typeof Album>;

export const CreateAlbumRequest = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);
export type CreateAlbumRequest = Static<typeof CreateAlbumRequest>;

export const UpdateAlbumRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    coverMediaId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAlbumRequest = Static<typeof UpdateAlbumRequest>;

export const AlbumMediaRequest = Type.Object(
  { mediaIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type AlbumMediaRequest = Static<typeof AlbumMediaRequest>;

export const AlbumOrderRequest = Type.Object(
  { mediaIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10000 }) },
  { additionalProperties: false },
);

export const JobCounts = Type.Object({
  queued: Type.Integer(),
  running: Type.Integer(),
  done: Type.Integer(),
  failed: Type.Integer(),
});
export type JobCounts = Static<typeof JobCounts>;

export const JobsOverview = Type.Object({
  byName: Type.Record(Type.String(), JobCounts),
  media: Type.Optional(
    Type.Array(Type.Object({ name: Type.String(), status: Type.String(), attempts: Type.Integer(), lastError: Nullable(Type.String()) })),
  ),
});
export type JobsOverview = Static<typeof JobsOverview>;

// ---- Sharing -------------------------------------------------------------------------------------

export const ShareRecipientInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** A registered user's id, when known: the share then appears in their `GET /shares/received`. */
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ShareRecipientInput = Static<typeof ShareRecipientInput>;

const ShareCode = Type.String({ minLength: 4, maxLength: 128 });

export const CreateShareRequest = Type.Object(
  {
    albumId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    mediaIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 10000 })),
    /** Absent: the default (7 days). `null`: never, only when the administrator allows it. */
    expiresAt: Type.Optional(Nullable(Iso)),
    code: Type.Optional(ShareCode),
    allowDownload: Type.Optional(Type.Boolean()),
    /** Keep GPS in downloaded originals and show the location (default false). */
    keepLocation: Type.Optional(Type.Boolean()),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    recipients: Type.Optional(Type.Array(ShareRecipientInput, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type CreateShareRequest = Static<typeof CreateShareRequest>;

export const UpdateShareRequest = Type.Object(
  {
    expiresAt: Type.Optional(Nullable(Iso)),
    /** A new code, or `null` to remove it. Open viewer sessions end either way. */
    code: Type.Optional(Nullable(ShareCode)),
    label: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    allowDownload: Type.Optional(Type.Boolean()),
    keepLocation: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateShareRequest = Static<typeof UpdateShareRequest>;

export const ShareStatus = Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]);
export type ShareStatus = Static<typeof ShareStatus>;

export const Share = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('album'), Type.Literal('media')]),
  albumId: Nullable(Type.String()),
  label: Nullable(Type.String()),
  status: ShareStatus,
  expiresAt: Nullable(Iso),
  hasCode: Type.Boolean(),
  allowDownload: Type.Boolean(),
  keepLocation: Type.Boolean(),
  mediaCount: Type.Integer(),
  views: Type.Integer(),
  lastAccessedAt: Nullable(Iso),
  recipients: Type.Array(Type.Object({ name: Nullable(Type.String()), userId: Nullable(Type.String()), email: Nullable(Type.String()) })),
  createdAt: Iso,
});
export type Share = Static<typeof Share>;

/** Only the creation answer carries the link: the token is stored as a hash and cannot be shown again. */
export const CreatedShare = Type.Composite([Share, Type.Object({ link: Type.String({ description: '/s/<token>' }), token: Type.String() })]);
export type CreatedShare = Static<typeof CreatedShare>;

export const ReceivedShare = Type.Object({
  id: Type.String(),
  ownerId: Type.String(),
  kind: Type.Union([Type.Literal('album'), Type.Literal('media')]),
  label: Nullable(Type.String()),
  expiresAt: Nullable(Iso),
  mediaCount: Type.Integer(),
  createdAt: Iso,
});
export type ReceivedShare = Static<typeof ReceivedShare>;

/** One item as a viewer sees it: every URL is for exactly one object and expires at `urlsExpireAt`. */
export const SharedItem = Type.Object({
  id: Type.String(),
  kind: MediaKind,
  type: Type.String(),
  name: Type.String(),
  takenAt: Iso,
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  thumbhash: Nullable(Type.String()),
  exif: Nullable(ExifSummary),
  /** Only when the owner allowed the location. */
  latitude: Type.Optional(Nullable(Type.Number())),
  longitude: Type.Optional(Nullable(Type.Number())),
  thumbUrl: Nullable(Type.String()),
  previewUrl: Nullable(Type.String()),
  /** Null when downloads are off; a path of this API when the location is removed on the way. */
  originalUrl: Nullable(Type.String()),
});
export type SharedItem = Static<typeof SharedItem>;

export const ShareView = Type.Object({
  label: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('album'), Type.Literal('media')]),
  album: Nullable(Type.Object({ name: Type.String(), description: Nullable(Type.String()) })),
  expiresAt: Nullable(Iso),
  allowDownload: Type.Boolean(),
  mediaCount: Type.Integer(),
  items: Type.Array(SharedItem),
  nextCursor: Nullable(Type.String()),
  urlsExpireAt: Iso,
  /** The same as a lifetime from this answer on, for clients whose clock may be off. */
  urlsExpireInSeconds: Type.Integer({ minimum: 1 }),
  /** Path of the ZIP of all originals, when downloads are allowed. */
  downloadUrl: Nullable(Type.String()),
});
export type ShareView = Static<typeof ShareView>;

export const ShareViewQuery = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  /** Fresh URLs for pages already shown (a page left open past `urlsExpireAt`): not counted as a view. */
  refresh: Type.Optional(Type.Boolean()),
});
export type ShareViewQuery = Static<typeof ShareViewQuery>;

export const UnlockShareRequest = Type.Object({ code: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export type UnlockShareRequest = Static<typeof UnlockShareRequest>;
