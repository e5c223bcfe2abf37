import { isAllowed, s3Resource } from '../iam/policy.ts';
import type { S3Context } from './context.ts';
import { S3Error } from './errors.ts';

/** Throws AccessDenied unless the request's key may perform `action` on bucket[/key]. */
export function authorize(ctx: S3Context, action: string, bucket?: string, key?: string): void {
  if (!isAllowed(ctx.key.policy, action, s3Resource(bucket, key), { principal: ctx.key.owner })) {
    throw new S3Error('AccessDenied', undefined, { resource: bucket ? `/${bucket}${key === undefined ? '' : `/${key}`}` : '/' });
  }
}
