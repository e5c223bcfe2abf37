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

export const DirectUpload = Type.Object({
  id: Type.String(),
  method: Type.Literal('PUT'),
  url: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
  expiresAt: Iso,
});
export type DirectUpload = Static<typeof DirectUpload>;

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
