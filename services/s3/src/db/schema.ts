import type { Generated } from 'kysely';

/** Row types of the S3 service database (never leave this service). */
export interface BucketTable {
  name: string;
  owner: string;
  region: string;
  createdAt: string;
}

export interface ObjectTable {
  bucket: string;
  key: string;
  size: number | string; // bigint: pg returns int8 as a string
  etag: string;
  /** JSON: { CRC32: base64, … } */
  checksums: string;
  contentType: string | null;
  cacheControl: string | null;
  contentDisposition: string | null;
  contentEncoding: string | null;
  contentLanguage: string | null;
  expires: string | null;
  /** JSON: { name: value } of x-amz-meta-* (names lowercased). */
  metadata: string;
  lastModified: string;
  blobId: string;
  owner: string;
}

/** A blob file that may exist without being referenced: removed by start-up recovery. */
export interface WriteIntentTable {
  blobId: string;
  /** 'upload': an upload in flight; 'garbage': a blob replaced or deleted, to unlink. */
  kind: string;
  createdAt: Generated<string>;
}

export interface UploadTable {
  uploadId: string;
  bucket: string;
  key: string;
  owner: string;
  /** JSON: ContentHeaders given at CreateMultipartUpload. */
  headers: string;
  checksumAlgorithm: string | null;
  /** 'COMPOSITE' or 'FULL_OBJECT' when checksumAlgorithm is set. */
  checksumType: string | null;
  createdAt: string;
}

export interface PartTable {
  uploadId: string;
  partNumber: number;
  blobId: string;
  size: number | string;
  etag: string;
  checksums: string;
  lastModified: string;
}

export interface AccessKeyTable {
  accessKeyId: string;
  owner: string;
  secretSealed: string;
  /** JSON policy document as given (validated). */
  policy: string;
  description: string;
  createdAt: string;
}

export interface PrincipalNotBeforeTable {
  principal: string;
  /** Unix milliseconds: temporary credentials issued before this are refused. */
  notBefore: number | string;
}

export interface BucketCorsTable {
  bucket: string;
  /** JSON: CorsRule[] */
  rules: string;
}

export interface S3Db {
  bucket: BucketTable;
  object: ObjectTable;
  writeIntent: WriteIntentTable;
  upload: UploadTable;
  part: PartTable;
  accessKey: AccessKeyTable;
  principalNotBefore: PrincipalNotBeforeTable;
  bucketCors: BucketCorsTable;
}
