import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
} from '@aws-sdk/client-s3';
import { statusOf, type BlobStore } from './blob-store.ts';

export interface StoredPart {
  partNumber: number;
  size: number;
  etag: string;
}

export interface OpenMultipartUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

/** S3 answers 404 NoSuchUpload once an upload was completed or aborted. */
function isNoSuchUpload(err: unknown): boolean {
  return (err as { name?: string })?.name === 'NoSuchUpload' || statusOf(err) === 404;
}

/**
 * S3 multipart uploads whose parts the client sends itself (presigned part URLs, see
 * `BlobStore.presignPart`); the gallery opens, inspects, completes and aborts them.
 */
export class MultipartBlobs {
  constructor(private readonly blobs: BlobStore) {}

  async create(key: string, opts: { contentType: string; metadata: Record<string, string> }): Promise<string> {
    const out = await this.blobs.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.blobs.bucket, Key: key, ContentType: opts.contentType, Metadata: opts.metadata }),
    );
    if (!out.UploadId) throw new Error('S3 returned no UploadId');
    return out.UploadId;
  }

  /** Every part uploaded so far, in order; null when the upload no longer exists (completed or aborted). */
  async listParts(key: string, uploadId: string): Promise<StoredPart[] | null> {
    const parts: StoredPart[] = [];
    let marker: string | undefined;
    try {
      do {
        const out = await this.blobs.client.send(new ListPartsCommand({ Bucket: this.blobs.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
        for (const p of out.Parts ?? []) parts.push({ partNumber: p.PartNumber!, size: p.Size ?? 0, etag: p.ETag ?? '' });
        marker = out.IsTruncated ? out.NextPartNumberMarker : undefined;
      } while (marker);
    } catch (err) {
      if (isNoSuchUpload(err)) return null;
      throw err;
    }
    return parts;
  }

  async complete(key: string, uploadId: string, parts: StoredPart[]): Promise<void> {
    await this.blobs.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.blobs.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
  }

  /** Frees the parts; aborting what is already gone succeeds. */
  async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.blobs.client.send(new AbortMultipartUploadCommand({ Bucket: this.blobs.bucket, Key: key, UploadId: uploadId }));
    } catch (err) {
      if (!isNoSuchUpload(err)) throw err;
    }
  }

  /** Unfinished multipart uploads under a prefix, a page at a time (no delimiter: works on the embedded S3 too). */
  async *listOpen(prefix: string): AsyncGenerator<OpenMultipartUpload> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const out = await this.blobs.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.blobs.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const u of out.Uploads ?? []) {
        if (u.Key && u.UploadId) yield { key: u.Key, uploadId: u.UploadId, initiated: u.Initiated ?? new Date(0) };
      }
      keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
      uploadIdMarker = out.IsTruncated ? out.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }
}
