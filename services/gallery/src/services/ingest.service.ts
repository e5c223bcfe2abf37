import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { CreateDirectUploadRequest, DirectUpload, UploadPartUrls, UploadResult } from '@photocloud/contracts';
import { AppError, isUniqueViolation, type Clock, type Logger } from '@photocloud/kit';
import type { JobQueue } from '@photocloud/kit/jobs/queue';
import type { BlobStore } from '../blobs/blob-store.ts';
import { layout, originalMetadata } from '../blobs/layout.ts';
import type { RecentOriginals } from '../blobs/recent-originals.ts';
import { HashingCounter, peek } from '../blobs/streams.ts';
import type { GalleryConfig } from '../config.ts';
import type { GalleryDB } from '../db/schema.ts';
import { readExif } from '../imaging/exif.ts';
import { sniffMedia, type SniffedType } from '../imaging/sniff.ts';
import type { GalleryJobs } from '../jobs/job-names.ts';
import type { MediaRow, MediaStore } from '../stores/media.store.ts';
import type { UploadRow, UploadStore } from '../stores/upload.store.ts';
import { DirectUploads, HEAD_BYTES } from './direct-upload.ts';
import { toMedia } from './mappers.ts';
import { storageFailed, tooLarge, unsupported } from './upload-errors.ts';

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
    this.direct = new DirectUploads({
      uploads,
      media,
      blobs,
      clock,
      config,
      allowance: (userId, size) => this.#allowance(userId, size),
      record: (upload, type, head, sha256, size) => this.#recordDirect(upload, type, head, sha256, size),
    });
  }

  private readonly direct: DirectUploads;

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
      await this.blobs.put(row.objectKey, body, { contentType: row.mime, metadata, sha256 });
      this.recent?.put(row.id, body, metadata);
    } catch (err) {
      await this.#discard(row);
      throw storageFailed(err);
    }
    return this.#finalize(row, sha256, body.length);
  }

  /** Announces a direct upload: a presigned PUT, or for a large file an S3 multipart upload (see `DirectUploads`). */
  createDirect(userId: string, req: CreateDirectUploadRequest): Promise<DirectUpload> {
    return this.direct.create(userId, req);
  }

  /** Fresh URLs for parts of a multipart direct upload; keeps the upload alive. */
  partUrls(userId: string, uploadId: string, partNumbers: number[]): Promise<UploadPartUrls> {
    return this.direct.partUrls(userId, uploadId, partNumbers);
  }

  cancelDirect(userId: string, uploadId: string): Promise<void> {
    return this.direct.cancel(userId, uploadId);
  }

  /** Checks what landed in S3 (size, type, checksum, quota), then records it like any upload. */
  completeDirect(userId: string, uploadId: string): Promise<UploadResult> {
    return this.direct.complete(userId, uploadId);
  }

  /** A direct upload whose object passed the checks becomes a media, once. */
  async #recordDirect(upload: UploadRow, type: SniffedType, head: Buffer, sha256: string, size: number): Promise<UploadResult> {
    const now = this.clock.now();
    const taken = await this.#estimateTakenAt(type, head, undefined, new Date(upload.createdAt));
    const row = { ...this.#newRow(upload.ownerId, upload.mediaId, type, upload.filename, taken, now), objectKey: upload.objectKey };
    if (!(await this.db.transaction().execute((trx) => this.uploads.markCompleted(upload.id, trx)))) throw new AppError('UPLOAD_NOT_FOUND');
    await this.media.insert(row);
    return this.#finalize(row, sha256, size);
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
