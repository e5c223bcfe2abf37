import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { CreateDirectUploadRequest, DirectUpload, UploadPartUrl, UploadPartUrls, UploadResult } from '@photocloud/contracts';
import { AppError, isUniqueViolation, type Clock, type Logger } from '@photocloud/kit';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout, originalMetadata } from '../blobs/layout.ts';
import type { RecentOriginals } from '../blobs/recent-originals.ts';
import { MultipartBlobs } from '../blobs/multipart.ts';
import { HashingCounter, hashStream, peek } from '../blobs/streams.ts';
import type { GalleryConfig } from '../config.ts';
import type { GalleryDB } from '../db/schema.ts';
import { readExif } from '../imaging/exif.ts';
import { sniffMedia, type SniffedType } from '../imaging/sniff.ts';
import type { GalleryJobs } from '../jobs/job-names.ts';
import type { MediaRow, MediaStore } from '../stores/media.store.ts';
import type { UploadRow, UploadStore } from '../stores/upload.store.ts';
import { toMedia } from './mappers.ts';
import { checkParts, partBytes, partNumbersFrom, planParts, type PartPlan } from './upload-parts.ts';

/** Enough for every signature, and for the EXIF block at the start of JPEG and TIFF files. */
const HEAD_BYTES = 128 * 1024;


export interface IncomingFile {
  filename: string;
  /** Content-Length of the file when the client said it. */
  declaredSize?: number | undefined;
  /** Hex SHA-256 the client computed (lets a duplicate skip the transfer; checked against the bytes). */
  declaredSha256?: string | undefined;
  /** The file's own modification date, used when the bytes carry no capture date. */
  lastModified?: Date | undefined;
}

interface Taken {
  takenAt: Date;
  offset: string | null;
  source: 'exif' | 'file' | 'upload';
}

type Config = Pick<
  GalleryConfig,
  'maxUploadBytes' | 'userQuotaBytes' | 'uploadTtlSeconds' | 'wholeBodyBytes' | 'directUploads' | 'multipartThresholdBytes' | 'uploadPartBytes'
>;

/**
 * Gets bytes into the library, through the API (streamed) or directly to S3 (presigned), and hands
 * each new media to the processing queue in the transaction that records it.
 */
export class IngestService {
  constructor(
    private readonly db: Kysely<GalleryDB>,
    private readonly media: MediaStore,
    private readonly uploads: UploadStore,
    private readonly blobs: BlobStore,
    private readonly queue: JobQueue<GalleryJobs>,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly onQueued: () => void = () => {},
    private readonly recent?: RecentOriginals,
  ) {
    this.multipart = new MultipartBlobs(blobs);
  }

  private readonly multipart: MultipartBlobs;

  /** Streams one file to S3 while hashing it; never holds more than a few parts in memory. */
  async ingestStream(userId: string, input: Readable, file: IncomingFile): Promise<UploadResult> {
    if (file.declaredSha256) {
      const existing = await this.media.findByHash(userId, file.declaredSha256.toLowerCase());
      if (existing && existing.status !== 'uploading') {
        input.resume(); // the bytes are not needed: drain them so the next part (or response) can proceed
        return this.#duplicate(userId, existing);
      }
    }
    if (file.declaredSize !== undefined && file.declaredSize > this.config.maxUploadBytes) throw tooLarge(this.config.maxUploadBytes);
    const allowed = await this.#allowance(userId, file.declaredSize ?? 0);
    // Bodies up to wholeBodyBytes are read whole (the SDK would buffer them for one PUT anyway): the
    // hash is known before storing, so a duplicate is never written and one PUT carries all metadata.
    const { head, stream, ended } = await peek(input, this.config.wholeBodyBytes);
    if (head.length === 0) throw new AppError('UPLOAD_EMPTY');
    const type = await sniffMedia(head.subarray(0, HEAD_BYTES), file.filename);
    if (!type) throw unsupported(file.filename);

    const now = this.clock.now();
    const taken = await this.#estimateTakenAt(type, head, file.lastModified, now);
    const row = this.#newRow(userId, randomUUID(), type, file.filename, taken, now);
    if (ended) return this.#ingestWhole(row, head, allowed, file.declaredSha256);
    await this.media.insert(row);
    const counter = new HashingCounter(allowed.bytes, allowed.error);
    stream.once('error', (err) => counter.destroy(err));
    try {
      await this.blobs.putStream(row.objectKey, stream.pipe(counter), {
        contentType: type.mime,
        metadata: originalMetadata({ ...row, sha256: file.declaredSha256?.toLowerCase() }),
      });
    } catch (err) {
      await this.#discard(row);
      throw counter.destroyed && counter.errored ? counter.errored : storageFailed(err);
    }
    const sha256 = counter.digest();
    if (file.declaredSha256 && file.declaredSha256.toLowerCase() !== sha256) {
      await this.#discard(row);
      throw new AppError('VALIDATION_FAILED', { message: 'The file does not match the SHA-256 announced in X-Content-SHA256.' });
    }
    return this.#finalize(row, sha256, counter.bytes);
  }

  async #ingestWhole(row: MediaRow, body: Buffer, allowed: { bytes: number; error: () => AppError }, declared?: string): Promise<UploadResult> {
    if (body.length > allowed.bytes) throw allowed.error();
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (declared && declared.toLowerCase() !== sha256) {
      throw new AppError('VALIDATION_FAILED', { message: 'The file does not match the SHA-256 announced in X-Content-SHA256.' });
    }
    const existing = await this.media.findByHash(row.ownerId, sha256);
    if (existing && existing.status !== 'uploading') return this.#duplicate(row.ownerId, existing);
    await this.media.insert(row);
    try {
      const metadata = originalMetadata({ ...row, sha256 });
      await this.blobs.put(row.objectKey, body, { contentType: row.mime, metadata });
      this.recent?.put(row.id, body, metadata);
    } catch (err) {
      await this.#discard(row);
      throw storageFailed(err);
    }
    return this.#finalize(row, sha256, body.length);
  }

  /**
   * Announces a direct upload: a presigned PUT for exactly one object of exactly this size, or for a
   * file above the multipart threshold an S3 multipart upload and the URLs of its first parts.
   */
  async createDirect(userId: string, req: CreateDirectUploadRequest): Promise<DirectUpload> {
    if (!this.config.directUploads) throw new AppError('DIRECT_UPLOAD_UNAVAILABLE');
    if (req.size > this.config.maxUploadBytes) throw tooLarge(this.config.maxUploadBytes);
    await this.#allowance(userId, req.size);
    const now = this.clock.now();
    const mediaId = randomUUID();
    const ext = /\.([a-z0-9]{1,5})$/i.exec(req.filename)?.[1]?.toLowerCase() ?? 'bin';
    const objectKey = layout.original(userId, mediaId, now, ext);
    const expiresAt = new Date(now.getTime() + this.config.uploadTtlSeconds * 1000).toISOString();
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
    if (req.size <= this.config.multipartThresholdBytes) {
      const signed = await this.blobs.presignPut(objectKey, this.config.uploadTtlSeconds, {
        size: req.size,
        contentType,
        metadata,
        sha256Base64: sha256 ? Buffer.from(sha256, 'hex').toString('base64') : undefined,
      });
      await this.uploads.insert(row);
      return { id: row.id, method: 'PUT', url: signed.url, headers: signed.headers, expiresAt };
    }
    const plan = planParts(req.size, this.config.uploadPartBytes);
    const s3UploadId = await this.multipart.create(objectKey, { contentType, metadata });
    const multipart = { ...row, s3UploadId, partSize: plan.partSize };
    await this.uploads.insert(multipart).catch(async (err) => {
      await this.multipart.abort(objectKey, s3UploadId).catch(() => {});
      throw err;
    });
    return { id: row.id, method: 'MULTIPART', partSize: plan.partSize, partCount: plan.partCount, parts: this.#signParts(multipart, partNumbersFrom(1, plan)), expiresAt };
  }

  /** Fresh URLs for parts of a multipart upload (more of them, or again for a retried part); keeps the upload alive. */
  async partUrls(userId: string, uploadId: string, partNumbers: number[]): Promise<UploadPartUrls> {
    const now = this.clock.now();
    const upload = await this.uploads.getPendingForOwner(userId, uploadId, now.toISOString());
    if (!upload) throw new AppError('UPLOAD_NOT_FOUND');
    if (!upload.s3UploadId || !upload.partSize) throw new AppError('VALIDATION_FAILED', { message: 'This upload is a single PUT: it has no parts.' });
    const { partCount } = planOf(upload);
    const beyond = partNumbers.find((n) => n > partCount);
    if (beyond !== undefined) throw new AppError('VALIDATION_FAILED', { message: `Part ${beyond} does not exist: this upload has ${partCount} parts.` });
    const expiresAt = new Date(now.getTime() + this.config.uploadTtlSeconds * 1000).toISOString();
    await this.uploads.extend(upload.id, expiresAt);
    return { parts: this.#signParts(upload, partNumbers), expiresAt };
  }

  #signParts(upload: UploadRow, partNumbers: number[]): UploadPartUrl[] {
    const plan = planOf(upload);
    return partNumbers.map((partNumber) => ({
      partNumber,
      url: this.blobs.presignPart(upload.objectKey, upload.s3UploadId!, partNumber, partBytes(upload.sizeBytes, plan, partNumber), this.config.uploadTtlSeconds),
    }));
  }

  /** Stops a pending upload: its parts are aborted, its object deleted; the row stays (cancelled) until it expires. */
  async cancelDirect(userId: string, uploadId: string): Promise<void> {
    const upload = await this.uploads.getForOwner(userId, uploadId);
    if (!upload || upload.status === 'completed') throw new AppError('UPLOAD_NOT_FOUND');
    await this.uploads.markCancelled(upload.id);
    if (upload.s3UploadId) await this.multipart.abort(upload.objectKey, upload.s3UploadId);
    await this.blobs.delete(upload.objectKey);
  }

  /** Checks what landed in S3 (size, type, checksum, quota), then records it like any upload. */
  async completeDirect(userId: string, uploadId: string): Promise<UploadResult> {
    const now = this.clock.now();
    const upload = await this.uploads.getPendingForOwner(userId, uploadId, now.toISOString());
    if (!upload) throw new AppError('UPLOAD_NOT_FOUND');
    const reject = async (error: AppError): Promise<never> => {
      // Final: the row stays (cancelled) until it expires, so the sweep also removes a late PUT.
      await this.uploads.markCancelled(upload.id);
      if (upload.s3UploadId) await this.multipart.abort(upload.objectKey, upload.s3UploadId);
      await this.blobs.delete(upload.objectKey);
      throw error;
    };
    if (upload.s3UploadId) await this.#assembleParts(upload, reject);
    const head = await this.blobs.head(upload.objectKey);
    if (!head) throw new AppError('UPLOAD_INCOMPLETE', { message: 'Nothing was uploaded to the URL yet.' });
    if (head.size !== upload.sizeBytes) {
      await reject(new AppError('UPLOAD_INCOMPLETE', { message: `The object holds ${head.size} bytes; ${upload.sizeBytes} were announced.` }));
    }
    const first = await readAll(await this.blobs.getStream(upload.objectKey, `bytes=0-${HEAD_BYTES - 1}`));
    const type = await sniffMedia(first, upload.filename);
    if (!type) await reject(unsupported(upload.filename));
    // A whole-object SHA-256 only exists for a single PUT sent with one (S3 checked it); otherwise read the bytes back.
    const sha256 = head.checksumSha256 && !head.checksumSha256.includes('-')
      ? Buffer.from(head.checksumSha256, 'base64').toString('hex')
      : (await hashStream(await this.blobs.getStream(upload.objectKey))).sha256;
    if (upload.sha256 && upload.sha256 !== sha256) {
      await reject(new AppError('UPLOAD_INCOMPLETE', { message: 'The uploaded bytes do not match the announced SHA-256.' }));
    }
    const used = (await this.media.usedBytes(userId)) + (await this.uploads.pendingBytes(userId, now.toISOString())) - upload.sizeBytes;
    if (this.config.userQuotaBytes > 0 && used + head.size > this.config.userQuotaBytes) await reject(new AppError('QUOTA_EXCEEDED'));

    const taken = await this.#estimateTakenAt(type!, first, undefined, new Date(upload.createdAt));
    const row = { ...this.#newRow(userId, upload.mediaId, type!, upload.filename, taken, now), objectKey: upload.objectKey };
    if (!(await this.db.transaction().execute((trx) => this.uploads.markCompleted(upload.id, trx)))) throw new AppError('UPLOAD_NOT_FOUND');
    await this.media.insert(row);
    return this.#finalize(row, sha256, head.size);
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

  /** Records the hash; an exact duplicate keeps the existing media and drops the new bytes. */
  async #finalize(row: MediaRow, sha256: string, size: number): Promise<UploadResult> {
    const now = this.clock.now().toISOString();
    try {
      const outcome = await this.db.transaction().execute(async (trx) => {
        const existing = await this.media.findByHash(row.ownerId, sha256, trx);
        if (existing) {
          await this.media.delete(row.id, trx);
          return { existing, media: null };
        }
        const media = await this.media.update(row.ownerId, row.id, { sha256, sizeBytes: size, status: 'processing', updatedAt: now }, trx);
        await this.queue.enqueue(trx, 'process-media', { mediaId: row.id }, { subject: row.id });
        return { existing: null, media: media! };
      });
      if (outcome.existing) {
        await this.blobs.delete(row.objectKey);
        return this.#duplicate(row.ownerId, outcome.existing);
      }
      this.onQueued();
      return { media: toMedia(outcome.media!), duplicate: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same bytes finished uploading concurrently: theirs is the copy we keep.
      await this.#discard(row);
      const existing = await this.media.findByHash(row.ownerId, sha256);
      if (!existing) throw err;
      return this.#duplicate(row.ownerId, existing);
    }
  }

  /** A re-upload of a trashed photo brings it back rather than being ignored. */
  async #duplicate(userId: string, existing: MediaRow): Promise<UploadResult> {
    if (!existing.trashedAt) return { media: toMedia(existing), duplicate: true };
    const restored = await this.media.update(userId, existing.id, { trashedAt: null, updatedAt: this.clock.now().toISOString() });
    return { media: toMedia(restored ?? existing), duplicate: true };
  }

  /** Bytes this user may still add, and the error for going past them. */
  async #allowance(userId: string, size: number): Promise<{ bytes: number; error: () => AppError }> {
    const max = this.config.maxUploadBytes;
    if (this.config.userQuotaBytes === 0) return { bytes: max, error: () => tooLarge(max) };
    const used = (await this.media.usedBytes(userId)) + (await this.uploads.pendingBytes(userId, this.clock.now().toISOString()));
    const left = Math.max(0, this.config.userQuotaBytes - used);
    if (size > left) throw new AppError('QUOTA_EXCEEDED');
    return left < max ? { bytes: left, error: () => new AppError('QUOTA_EXCEEDED') } : { bytes: max, error: () => tooLarge(max) };
  }

  async #estimateTakenAt(type: SniffedType, head: Buffer, fileDate: Date | undefined, now: Date): Promise<Taken> {
    const exif = type.kind === 'photo' ? await readExif(head) : null;
    if (exif?.takenAt) return { takenAt: exif.takenAt, offset: exif.takenAtOffset, source: 'exif' as const };
    if (fileDate && !Number.isNaN(fileDate.getTime())) return { takenAt: fileDate, offset: null, source: 'file' as const };
    return { takenAt: now, offset: null, source: 'upload' as const };
  }

  #newRow(userId: string, id: string, type: SniffedType, filename: string, taken: Taken, now: Date): MediaRow {
    return {
      id,
      ownerId: userId,
      status: 'uploading',
      kind: type.kind,
      mime: type.mime,
      originalName: filename.slice(0, 255) || `upload.${type.ext}`,
      objectKey: layout.original(userId, id, taken.takenAt, type.ext),
      sizeBytes: 0,
      // Unique per (owner, sha256): a placeholder until the bytes are hashed.
      sha256: `pending-${id}`,
      takenAt: taken.takenAt.toISOString(),
      takenAtOffset: taken.offset,
      takenAtSource: taken.source,
      width: null,
      height: null,
      orientation: null,
      durationMs: null,
      latitude: null,
      longitude: null,
      exif: null,
      thumbhash: null,
      phash: null,
      hasThumbnail: 0,
      hasPreview: 0,
      isFavorite: 0,
      description: null,
      trashedAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
  }

  async #discard(row: MediaRow): Promise<void> {
    await this.media.delete(row.id).catch((err) => this.log.error({ err, mediaId: row.id }, 'could not remove an aborted upload row'));
    await this.blobs.delete(row.objectKey).catch((err) => this.log.warn({ err, key: row.objectKey }, 'could not remove an aborted upload object'));
  }
}

function planOf(upload: UploadRow): PartPlan {
  return { partSize: upload.partSize!, partCount: Math.ceil(upload.sizeBytes / upload.partSize!) };
}

/** The type the object is stored with (and served back as): a photo or video type, never what a browser would run. */
function mediaContentType(declared: string | undefined): string {
  return declared && /^(image|video)\/[\w.+-]{1,80}$/i.test(declared) ? declared.toLowerCase() : 'application/octet-stream';
}

function tooLarge(max: number): AppError {
  return new AppError('UPLOAD_TOO_LARGE', { message: `The file is larger than the upload limit of ${max} bytes.` });
}

/** S3 refused or failed: a 502 naming the storage, the cause kept for the log. */
function storageFailed(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const stream = (err as { code?: string })?.code;
  // The client went away mid-upload: nothing to answer, keep the original error.
  if (stream === 'ECONNRESET' || (err as Error)?.name === 'AbortError') return err;
  return new AppError('UPSTREAM_FAILED', { message: 'The storage did not accept the file; nothing was kept. Try again later.', cause: err });
}

function unsupported(filename: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA', {
    message: `${JSON.stringify(filename)} is not a supported photo or video: JPEG, PNG, WebP, AVIF, GIF, HEIC/HEIF, TIFF, RAW (CR2, CR3, NEF, ARW, DNG, RAF, ORF, RW2), MP4, MOV and WebM are.`,
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
