import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { presignUrl, uriEncode } from '@photocloud/sigv4';

export interface BlobStoreOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The endpoint as browsers reach it, for presigned URLs (default: `endpoint`). */
  publicEndpoint?: string | undefined;
}

export interface BlobHead {
  size: number;
  etag: string;
  contentType: string | undefined;
  metadata: Record<string, string>;
  /** Base64 SHA-256 when the object was stored with one (S3 checked it on upload). */
  checksumSha256: string | undefined;
}

export interface PutOptions {
  contentType: string;
  metadata?: Record<string, string>;
  /** Conditional write: only if the current object has this ETag (412 otherwise). */
  ifMatch?: string;
  /** Conditional create: `*` writes only when no object exists. */
  ifNoneMatch?: '*';
  /**
   * Hex SHA-256 of `body`, when the caller already computed it: sent as the signed payload hash and
   * as the object's SHA-256 checksum, so S3 verifies (and keeps) it while the SDK does not hash the
   * body again. S3 rejects the PUT if the body does not match.
   */
  sha256?: string;
}

/** A conditional write lost a race: the object changed (or appeared) since it was read. */
export class PreconditionFailed extends Error {
  constructor(readonly key: string) {
    super(`the object ${key} changed since it was read`);
    this.name = 'PreconditionFailed';
  }
}

/** Large bodies go up in 8 MiB parts, 4 at a time: memory stays bounded whatever the size. */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * The gallery's only way to bytes: the S3 protocol through the AWS SDK, so the embedded S3 service
 * and any real S3 work the same. Knows nothing of the catalog.
 */
export class BlobStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly #signer: { base: string; region: string; accessKeyId: string; secretAccessKey: string };

  constructor(opts: BlobStoreOptions) {
    this.bucket = opts.bucket;
    const base = `${(opts.publicEndpoint ?? opts.endpoint).replace(/\/+$/, '')}/${uriEncode(opts.bucket, true)}/`;
    this.#signer = { base, region: opts.region, accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey };
    this.client = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region,
      forcePathStyle: true,
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
      // Checksums only where S3 requires them, so S3-compatible servers without CRC support work too.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Creates the bucket when it does not exist yet (first start). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
      } catch (e) {
        // Another instance created it meanwhile.
        if ((e as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw e;
      }
    }
  }

  /** Small bodies in one PUT (conditional writes allowed). */
  async put(key: string, body: Buffer | string, opts: PutOptions): Promise<{ etag: string }> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: body,
      ContentType: opts.contentType,
      Metadata: opts.metadata,
      IfMatch: opts.ifMatch,
      IfNoneMatch: opts.ifNoneMatch,
      ChecksumSHA256: opts.sha256 ? Buffer.from(opts.sha256, 'hex').toString('base64') : undefined,
    });
    if (opts.sha256) signWithPayloadHash(command, opts.sha256);
    try {
      const out = await this.client.send(command);
      return { etag: out.ETag ?? '' };
    } catch (err) {
      if (statusOf(err) === 412) throw new PreconditionFailed(key);
      throw err;
    }
  }

  /** Streams a body of unknown length; multipart beyond one part, never buffering more than a few parts. */
  async putStream(key: string, body: Readable, opts: Omit<PutOptions, 'ifMatch' | 'ifNoneMatch'>): Promise<{ etag: string }> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: opts.contentType, Metadata: opts.metadata },
      partSize: PART_SIZE,
      queueSize: 4,
      leavePartsOnError: false,
    });
    const out = await upload.done();
    return { etag: out.ETag ?? '' };
  }

  async get(key: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async getStream(key: string, range?: string): Promise<Readable> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range }));
    return out.Body as Readable;
  }

  /** Body and ETag, or null when absent. */
  async getWithEtag(key: string): Promise<{ body: Buffer; etag: string } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: Buffer.from(await out.Body!.transformToByteArray()), etag: out.ETag ?? '' };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  async head(key: string): Promise<BlobHead | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }));
      return {
        size: out.ContentLength ?? 0,
        etag: out.ETag ?? '',
        contentType: out.ContentType,
        metadata: out.Metadata ?? {},
        checksumSha256: out.ChecksumSHA256,
      };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  /** Rewrites an object's user metadata in place (S3 cannot edit metadata without a copy). */
  async replaceMetadata(key: string, metadata: Record<string, string>, contentType: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: key,
        CopySource: `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        MetadataDirective: 'REPLACE',
        Metadata: metadata,
        ContentType: contentType,
      }),
    );
  }

  /** Deleting what is already gone succeeds (S3 semantics). */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = out.Errors?.filter((e) => e.Code !== 'NoSuchKey') ?? [];
      if (failed.length > 0) throw new Error(`could not delete ${failed.length} objects, first ${failed[0]?.Key}: ${failed[0]?.Code}`);
    }
  }

  /** A URL that reads exactly this object until it expires. */
  async presignGet(key: string, ttlSeconds: number, downloadName?: string): Promise<string> {
    return this.signGet(key, ttlSeconds, downloadName);
  }

  /**
   * Synchronous form of `presignGet`, for pages of many URLs: our SigV4 signer (signing key cached
   * per day) costs a few microseconds where the SDK's presigner costs tens.
   */
  signGet(key: string, ttlSeconds: number, downloadName?: string): string {
    const s = this.#signer;
    let url = s.base + uriEncode(key, false);
    if (downloadName) url += `?response-content-disposition=${uriEncode(`inline; filename*=UTF-8''${encodeURIComponent(downloadName)}`, true)}`;
    return presignUrl({ method: 'GET', url, region: s.region, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, expiresSeconds: ttlSeconds, now: Date.now() });
  }

  /**
   * A URL that writes exactly this object, with this size (and SHA-256 when given, which S3 checks).
   * The returned headers are signed and must be sent with the PUT.
   */
  async presignPut(
    key: string,
    ttlSeconds: number,
    opts: { size: number; contentType: string; metadata: Record<string, string>; sha256Base64?: string | undefined },
  ): Promise<{ url: string; headers: Record<string, string> }> {
    const headers: Record<string, string> = { 'content-type': opts.contentType };
    for (const [k, v] of Object.entries(opts.metadata)) headers[`x-amz-meta-${k}`] = v;
    if (opts.sha256Base64) headers['x-amz-checksum-sha256'] = opts.sha256Base64;
    // Every header is signed (content-length too), so the URL writes exactly this object and nothing else.
    const s = this.#signer;
    const url = presignUrl({
      method: 'PUT',
      url: s.base + uriEncode(key, false),
      region: s.region,
      accessKeyId: s.accessKeyId,
      secretAccessKey: s.secretAccessKey,
      expiresSeconds: ttlSeconds,
      now: Date.now(),
      signedHeaders: { ...headers, 'content-length': String(opts.size) },
    });
    return { url, headers };
  }

  /** A URL that uploads exactly one part, of exactly `size` bytes, of a multipart upload. */
  presignPart(key: string, uploadId: string, partNumber: number, size: number, ttlSeconds: number): string {
    const s = this.#signer;
    return presignUrl({
      method: 'PUT',
      url: `${s.base}${uriEncode(key, false)}?partNumber=${partNumber}&uploadId=${uriEncode(uploadId, true)}`,
      region: s.region,
      accessKeyId: s.accessKeyId,
      secretAccessKey: s.secretAccessKey,
      expiresSeconds: ttlSeconds,
      now: Date.now(),
      signedHeaders: { 'content-length': String(size) },
    });
  }
}

/**
 * SigV4 signs the body's SHA-256 (x-amz-content-sha256); the SDK hashes the body for it unless that
 * header is already set. Setting it to the hash the caller computed saves a pass over the bytes and
 * keeps the integrity check: S3 hashes what it receives and refuses a mismatch.
 */
function signWithPayloadHash(command: PutObjectCommand, sha256Hex: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new TypeError('sha256 must be 64 lowercase hex digits');
  command.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-amz-content-sha256'] = sha256Hex;
      return next(args);
    },
    { step: 'build', name: 'knownPayloadSha256' },
  );
}

export function statusOf(err: unknown): number | undefined {
  if (err instanceof S3ServiceException) return err.$metadata.httpStatusCode;
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
