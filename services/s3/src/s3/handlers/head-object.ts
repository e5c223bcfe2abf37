import type { S3Context } from '../context.ts';
import { serveObject } from './get-object.ts';

/** HeadObject: GetObject's headers (range and conditionals included), no body. */
export function headObject(ctx: S3Context, ep: { bucket: string; key: string; query: URLSearchParams }): Promise<void> {
  return serveObject(ctx, ep.bucket, ep.key, ep.query, true);
}
