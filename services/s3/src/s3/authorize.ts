import { isAllowed, s3Resource } from '../iam/policy.ts';
import type { S3Context } from './context.ts';
import { S3Error } from './errors.ts';

/** Throws AccessDenied unless the request's key may perform `action` on bucket[/key] (with condition keys). */
export function authorize(ctx: S3Context, action: string, bucket?: string, key?: string, values?: Record<string, string | undefined>): void {
  if (!isAllowed(ctx.key.policy, action, s3Resource(bucket, key), { principal: ctx.key.owner, ...(values && { values }) })) {
    throw new S3Error('AccessDenied', undefined, { resource: bucket ? `/${bucket}${key === undefined ? '' : `/${key}`}` : '/' });
  }
}

/** Condition keys of a list request (`s3:prefix` absent when the request has no prefix parameter, like AWS). */
export function listConditionValues(query: URLSearchParams): Record<string, string | undefined> {
  return {
    's3:prefix': query.get('prefix') ?? undefined,
    's3:delimiter': query.get('delimiter') ?? undefined,
    's3:max-keys': query.get('max-keys') ?? undefined,
  };
}
