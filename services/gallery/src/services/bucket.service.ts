import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StorageBucket } from '@photocloud/contracts';
import { AppError, isAppError, type Clock, type Logger } from '@photocloud/kit';
import type { BucketRow, BucketStore } from '../stores/bucket.store.ts';
import { bucketNameProblem } from './bucket-name.ts';

/**
 * Seed 002's bucket creation: check the name against the catalog, then against S3; create the bucket
 * in S3; record it. Works with the embedded S3 service and any real S3, through the gallery's S3 key
 * (which must be allowed CreateBucket there).
 */
export class BucketService {
  constructor(
    private readonly store: BucketStore,
    private readonly s3: S3Client,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async list(): Promise<StorageBucket[]> {
    return (await this.store.list()).map(toBucket);
  }

  async create(adminId: string, name: string): Promise<StorageBucket> {
    const problem = bucketNameProblem(name);
    if (problem) throw new AppError('VALIDATION_FAILED', { message: problem.message, details: { field: 'name', rule: problem.rule } });
    if (await this.store.get(name)) throw exists(name, 'catalog', `The bucket "${name}" already exists.`);
    await this.assertFreeInS3(name);
    const region = await this.s3.config.region();
    await this.createInS3(name, region);
    const row: BucketRow = { name, region, createdBy: adminId, createdAt: this.clock.now().toISOString() };
    try {
      await this.store.insert(row);
    } catch (err) {
      // Another admin created the same name at the same moment and recorded it first: the bucket is theirs, keep it.
      if (isAppError(err) && err.code === 'CONFLICT') throw err;
      await this.undoCreate(name);
      throw err;
    }
    this.log.info({ bucket: name, region, adminId }, 'bucket created');
    return toBucket(row);
  }

  /** 404 is the only answer that means the name is free; 403 and 301 mean someone else's bucket. */
  private async assertFreeInS3(name: string): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: name }));
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return;
      if (status === 403 || status === 301) throw exists(name, 's3', `The bucket name "${name}" is taken by another account on the storage service.`);
      throw storageFailed('check the bucket name', err);
    }
    throw exists(name, 's3', `A bucket named "${name}" already exists on the storage service (not created through PhotoCloud).`);
  }

  private async createInS3(name: string, region: string): Promise<void> {
    try {
      // Outside us-east-1, S3 wants the region repeated in the body.
      await this.s3.send(new CreateBucketCommand({ Bucket: name, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }) }));
    } catch (err) {
      const code = (err as { name?: string }).name;
      if (code === 'BucketAlreadyExists' || code === 'BucketAlreadyOwnedByYou') throw exists(name, 's3', `A bucket named "${name}" was just created by someone else.`);
      if (code === 'InvalidBucketName') throw new AppError('VALIDATION_FAILED', { message: `The storage service refuses the bucket name "${name}".`, details: { field: 'name' }, cause: err });
      throw storageFailed('create the bucket', err);
    }
  }

  /** Recording failed: remove the new, empty bucket so S3 and the catalog agree again. */
  private async undoCreate(name: string): Promise<void> {
    try {
      await this.s3.send(new DeleteBucketCommand({ Bucket: name }));
      this.log.warn({ bucket: name }, 'bucket could not be recorded; deleted it from S3 again');
    } catch (err) {
      this.log.error({ err, bucket: name }, 'bucket could not be recorded nor deleted from S3: delete it by hand');
    }
  }
}

function toBucket(row: BucketRow): StorageBucket {
  return { name: row.name, region: row.region, createdBy: row.createdBy, createdAt: row.createdAt };
}

function exists(name: string, where: 'catalog' | 's3', message: string): AppError {
  return new AppError('CONFLICT', { message, details: { name, where } });
}

function storageFailed(what: string, err: unknown): AppError {
  const code = (err as { name?: string }).name ?? 'error';
  const hint = code === 'AccessDenied' ? ': the gallery\'s S3 key needs s3:CreateBucket, s3:ListBucket (HeadBucket) and s3:DeleteBucket' : '';
  return new AppError('UPSTREAM_FAILED', { message: `The storage service could not ${what} (${code})${hint}.`, cause: err });
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
