import { randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { CreateDirectUploadRequest, DirectUpload, UploadPartUrl, UploadPartUrls, UploadResult } from '@photocloud/contracts';
import { AppError, type Clock } from '@photocloud/kit';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout, originalMetadata } from '../blobs/layout.ts';
import { MultipartBlobs } from '../blobs/multipart.ts';
import { hashStream } from '../blobs/streams.ts';
import type { GalleryConfig } from '../config.ts';
import { sniffMedia, type SniffedType } from '../imaging/sniff.ts';
import type { MediaStore } from '../stores/media.store.ts';
import type { UploadRow, UploadStore } from '../stores/upload.store.ts';
import { storageFailed, tooLarge, unsupported } from './upload-errors.ts';
import { checkParts, partBytes, partNumbersFrom, planParts, type PartPlan } from './upload-parts.ts';

/** Enough for every signature, and for the EXIF block at the start of JPEG and TIFF files. */
export const HEAD_BYTES = 128 * 1024;

export interface DirectUploadDeps {
  uploads: UploadStore;
  media: MediaStore;
  blobs: BlobStore;
  clock: Clock;
  config: Pick<GalleryConfig, 'maxUploadBytes' | 'userQuotaBytes' | 'uploadTtlSeconds' | 'directUploads' | 'multipartThresholdBytes' | 'uploadPartBytes'>;
  /** Throws when this user may not add `size` bytes (limit, quota). */
  allowance(userId: string, size: number): Promise<unknown>;
  /** Records checked bytes as the upload's media, like any upload (IngestService). */
  record(upload: UploadRow, type: SniffedType, head: Buffer, sha256: string, size: number): Promise<UploadResult>;
}

/**
 * Uploads that go straight to S3 (presigned URLs): announced, sent by the client (one PUT, or parts
 * of a multipart upload), then checked here before they are recorded; or cancelled.
 */
export class DirectUploads {
  private readonly multipart: MultipartBlobs;

  constructor(private readonly deps: DirectUploadDeps) {
    this.multipart = new MultipartBlobs(deps.blobs);
  }

  /**
   * Announces a direct upload: a presigned PUT for exactly one object of exactly this size, or for a
   * file above the multipart threshold an S3 multipart upload and the URLs of its first parts.
   */
  async create(userId: string, req: CreateDirectUploadRequest): Promise<DirectUpload> {
    if (!this.deps.config.directUploads) throw new AppError('DIRECT_UPLOAD_UNAVAILABLE');
    if (req.size > this.deps.config.maxUploadBytes) throw tooLarge(this.deps.config.maxUploadBytes);
    await this.deps.allowance(userId, req.size);
    const now = this.deps.clock.now();
    const mediaId = randomUUID();
    const ext = /\.([a-z0-9]{1,5})$/i.exec(req.filename)?.[1]?.toLowerCase() ?? 'bin';
    const objectKey = layout.original(userId, mediaId, now, ext);
    const expiresAt = new Date(now.getTime() + this.deps.config.uploadTtlSeconds * 1000).toISOString();
    const sha256 = req.sha256?.toLowerCase();
    const metadata = originalMetadata({ ownerId: userId, id: mediaId, takenAt: now.toISOString(), sha256, originalName: req.filename });
    const contentType = mediaContentType(req.contentType);
    const row: UploadRow = {
      id: randomUUID(),
      ownerId: userId,
      mediaId,
      objectKey,
      filename: req.filename,
      sizeBytes: req.size,
      sha256: sha256 ?? null,
      status: 'pending',
      expiresAt,
      createdAt: now.toISOString(),
      s3UploadId: null,
      partSize: null,
    };
    if (req.size <= this.deps.config.multipartThresholdBytes) {
      const signed = await this.deps.blobs.presignPut(objectKey, this.deps.config.uploadTtlSeconds, {
        size: req.size,
        contentType,
        metadata,
        sha256Base64: sha256 ? Buffer.from(sha256, 'hex').toString('base64') : undefined,
      });
      await this.deps.uploads.insert(row);
      return { id: row.id, method: 'PUT', url: signed.url, headers: signed.headers, expiresAt };
    }
    const plan = planParts(req.size, this.deps.config.uploadPartBytes);
    const s3UploadId = await this.multipart.create(objectKey, { contentType, metadata });
    const multipart = { ...row, s3UploadId, partSize: plan.partSize };
    await this.deps.uploads.insert(multipart).catch(async (err) => {
      await this.multipart.abort(objectKey, s3UploadId).catch(() => {});
      throw err;
    });
    return { id: row.id, method: 'MULTIPART', partSize: plan.partSize, partCount: plan.partCount, parts: this.#signParts(multipart, partNumbersFrom(1, plan)), expiresAt };
  }

  /** Fresh URLs for parts of a multipart upload (more of them, or again for a retried part); keeps the upload alive. */
  async partUrls(userId: string, uploadId: string, partNumbers: number[]): Promise<UploadPartUrls> {
    const now = this.deps.clock.now();
    const upload = await this.deps.uploads.getPendingForOwner(userId, uploadId, now.toISOString());
    if (!upload) throw new AppError('UPLOAD_NOT_FOUND');
    if (!upload.s3UploadId || !upload.partSize) throw new AppError('VALIDATION_FAILED', { message: 'This upload is a single PUT: it has no parts.' });
    const { partCount } = planOf(upload);
    const beyond = partNumbers.find((n) => n > partCount);
    if (beyond !== undefined) throw new AppError('VALIDATION_FAILED', { message: `Part ${beyond} does not exist: this upload has ${partCount} parts.` });
    const expiresAt = new Date(now.getTime() + this.deps.config.uploadTtlSeconds * 1000).toISOString();
    await this.deps.uploads.extend(upload.id, expiresAt);
    return { parts: this.#signParts(upload, partNumbers), expiresAt };
  }

  #signParts(upload: UploadRow, partNumbers: number[]): UploadPartUrl[] {
    const plan = planOf(upload);
    return partNumbers.map((partNumber) => ({
      partNumber,
      url: this.deps.blobs.presignPart(upload.objectKey, upload.s3UploadId!, partNumber, partBytes(upload.sizeBytes, plan, partNumber), this.deps.config.uploadTtlSeconds),
    }));
  }

  /** Stops a pending upload: its parts are aborted, its object deleted; the row stays (cancelled) until it expires. */
  async cancel(userId: string, uploadId: string): Promise<void> {
    const upload = await this.deps.uploads.getForOwner(userId, uploadId);
    if (!upload || upload.status === 'completed') throw new AppError('UPLOAD_NOT_FOUND');
    if (!(await this.deps.uploads.markCancelled(upload.id))) {
      // Completed since it was read: its bytes are a media now, not to be deleted.
      if ((await this.deps.uploads.getForOwner(userId, uploadId))?.status === 'completed') throw new AppError('UPLOAD_NOT_FOUND');
    }
    if (upload.s3UploadId) await this.multipart.abort(upload.objectKey, upload.s3UploadId);
    await this.deps.blobs.delete(upload.objectKey);
  }

  /** Checks what landed in S3 (size, type, checksum, quota), then records it like any upload. */
  async complete(userId: string, uploadId: string): Promise<UploadResult> {
    const now = this.deps.clock.now();
    const upload = await this.deps.uploads.getPendingForOwner(userId, uploadId, now.toISOString());
    if (!upload) throw new AppError('UPLOAD_NOT_FOUND');
    const reject = async (error: AppError): Promise<never> => {
      // Final: the row stays (cancelled) until it expires, so the sweep also removes a late PUT.
      await this.deps.uploads.markCancelled(upload.id);
      if (upload.s3UploadId) await this.multipart.abort(upload.objectKey, upload.s3UploadId);
      await this.deps.blobs.delete(upload.objectKey);
      throw error;
    };
    if (upload.s3UploadId) await this.#assembleParts(upload, reject);
    const head = await this.deps.blobs.head(upload.objectKey);
    if (!head) throw new AppError('UPLOAD_INCOMPLETE', { message: 'Nothing was uploaded to the URL yet.' });
    if (head.size !== upload.sizeBytes) {
      await reject(new AppError('UPLOAD_INCOMPLETE', { message: `The object holds ${head.size} bytes; ${upload.sizeBytes} were announced.` }));
    }
    const first = await buffer(await this.deps.blobs.getStream(upload.objectKey, `bytes=0-${HEAD_BYTES - 1}`));
    const type = await sniffMedia(first, upload.filename);
    if (!type) await reject(unsupported(upload.filename));
    // A whole-object SHA-256 only exists for a single PUT sent with one (S3 checked it); otherwise read the bytes back.
    const sha256 = head.checksumSha256 && !head.checksumSha256.includes('-')
      ? Buffer.from(head.checksumSha256, 'base64').toString('hex')
      : (await hashStream(await this.deps.blobs.getStream(upload.objectKey))).sha256;
    if (upload.sha256 && upload.sha256 !== sha256) {
      await reject(new AppError('UPLOAD_INCOMPLETE', { message: 'The uploaded bytes do not match the announced SHA-256.' }));
    }
    const used = (await this.deps.media.usedBytes(userId)) + (await this.deps.uploads.pendingBytes(userId, now.toISOString())) - upload.sizeBytes;
    if (this.deps.config.userQuotaBytes > 0 && used + head.size > this.deps.config.userQuotaBytes) await reject(new AppError('QUOTA_EXCEEDED'));

    return this.deps.record(upload, type!, first, sha256, head.size);
  }

  /**
   * Completes the S3 multipart upload from the parts S3 holds (ListParts: the client sends no ETags).
   * Already gone means an earlier attempt completed it: the object is then checked like a single PUT.
   */
  async #assembleParts(upload: UploadRow, reject: (error: AppError) => Promise<never>): Promise<void> {
    const stored = await this.multipart.listParts(upload.objectKey, upload.s3UploadId!);
    if (!stored) return;
    const checked = checkParts(stored, upload.sizeBytes, planOf(upload));
    if ('error' in checked) {
      if (checked.fatal) await reject(checked.error);
      throw checked.error;
    }
    await this.multipart.complete(upload.objectKey, upload.s3UploadId!, checked.parts).catch((err) => {
      throw storageFailed(err);
    });
  }
}

function planOf(upload: UploadRow): PartPlan {
  return { partSize: upload.partSize!, partCount: Math.ceil(upload.sizeBytes / upload.partSize!) };
}

/** The type the object is stored with (and served back as): a photo or video type, never what a browser would run. */
function mediaContentType(declared: string | undefined): string {
  return declared && /^(image|video)\/[\w.+-]{1,80}$/i.test(declared) ? declared.toLowerCase() : 'application/octet-stream';
}
