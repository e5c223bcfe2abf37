import type { Kysely, Migration } from 'kysely';

/**
 * Direct uploads of large files go to S3 in parts: the upload keeps the S3 multipart UploadId (to
 * complete or abort it, and so the orphan sweep can tell ours from abandoned ones) and the part size
 * the presigned part URLs were cut at. Both stay null for a single presigned PUT.
 */
export const multipartUploads: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('upload').addColumn('s3_upload_id', 'text').execute();
    await db.schema.alterTable('upload').addColumn('part_size', 'bigint').execute();
    await db.schema.createIndex('upload_s3_upload_id_idx').on('upload').column('s3_upload_id').execute();
    await db.schema.createIndex('upload_expiry_idx').on('upload').columns(['status', 'expires_at']).execute();
  },
};
