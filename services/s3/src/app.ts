import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { authenticate } from './s3/authenticate.ts';
import { authorize, listConditionValues } from './s3/authorize.ts';
import type { S3Context, S3Deps } from './s3/context.ts';
import { ACTION, bucketFromHost, parseEndpoint, type Endpoint } from './s3/endpoint.ts';
import { answerPreflight, setCorsHeaders } from './s3/cors.ts';
import { deleteBucketCors, getBucketCors, putBucketCors } from './s3/handlers/cors.ts';
import { sendError, toS3Error } from './s3/respond.ts';
import { ADMIN_PREFIX, handleAdmin } from './s3/admin.ts';
import { StsService } from './sts/sts.ts';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './s3/handlers/bucket.ts';
import { copyObject } from './s3/handlers/copy-object.ts';
import { deleteObject } from './s3/handlers/delete-object.ts';
import { deleteObjects } from './s3/handlers/delete-objects.ts';
import { getObject } from './s3/handlers/get-object.ts';
import { headObject } from './s3/handlers/head-object.ts';
import { listObjects, listObjectsV2 } from './s3/handlers/list-objects.ts';
import { putObject } from './s3/handlers/put-object.ts';
import { abortMultipartUpload, createMultipartUpload, uploadPart, uploadPartCopy } from './s3/handlers/multipart.ts';
import { completeMultipartUpload } from './s3/handlers/complete-multipart.ts';
import { listMultipartUploads, listParts } from './s3/handlers/list-multipart.ts';

// Request ids: a random per-process prefix and a counter, so the hot path allocates no randomness.
const ID_PREFIX = randomBytes(4).toString('hex').toUpperCase();
const HOST_ID = randomBytes(24).toString('base64');
let counter = 0;

function nextRequestId(): string {
  counter = (counter + 1) % 0x100000000;
  return ID_PREFIX + counter.toString(16).toUpperCase().padStart(8, '0');
}

function dispatch(ctx: S3Context, ep: Endpoint): Promise<void> {
  switch (ep.op) {
    case 'ListBuckets': return listBuckets(ctx);
    case 'CreateBucket': return createBucket(ctx, ep);
    case 'HeadBucket': return headBucket(ctx, ep);
    case 'GetBucketLocation': return getBucketLocation(ctx, ep);
    case 'DeleteBucket': return deleteBucket(ctx, ep);
    case 'ListObjects': return listObjects(ctx, ep);
    case 'ListObjectsV2': return listObjectsV2(ctx, ep);
    case 'DeleteObjects': return deleteObjects(ctx, ep);
    case 'PutObject': return putObject(ctx, ep);
    case 'CopyObject': return copyObject(ctx, ep);
    case 'GetObject': return getObject(ctx, ep);
    case 'HeadObject': return headObject(ctx, ep);
    case 'DeleteObject': return deleteObject(ctx, ep);
    case 'CreateMultipartUpload': return createMultipartUpload(ctx, ep);
    case 'UploadPart': return uploadPart(ctx, ep);
    case 'UploadPartCopy': return uploadPartCopy(ctx, ep);
    case 'CompleteMultipartUpload': return completeMultipartUpload(ctx, ep);
    case 'AbortMultipartUpload': return abortMultipartUpload(ctx, ep);
    case 'ListParts': return listParts(ctx, ep);
    case 'ListMultipartUploads': return listMultipartUploads(ctx, ep);
    case 'PutBucketCors': return putBucketCors(ctx, ep);
    case 'GetBucketCors': return getBucketCors(ctx, ep);
    case 'DeleteBucketCors': return deleteBucketCors(ctx, ep);
  }
}

function resourceOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const stsServices = new WeakMap<S3Deps, StsService>();

function stsOf(deps: S3Deps): StsService {
  let sts = stsServices.get(deps);
  if (!sts) stsServices.set(deps, (sts = new StsService(deps)));
  return sts;
}

/** The bucket a request names (virtual-hosted or first path segment), for preflights. */
function bucketOf(req: IncomingMessage, domains: readonly string[]): string | undefined {
  const fromHost = bucketFromHost(req.headers.host, domains);
  if (fromHost !== undefined) return fromHost;
  const path = resourceOf(req.url);
  return path.split('/')[1] || undefined;
}

/** The request pipeline: endpoint → authenticate → authorize → handler; S3 XML errors otherwise. */
export async function handleS3Request(deps: S3Deps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = nextRequestId();
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', HOST_ID);
  try {
    const virtualBucket = bucketFromHost(req.headers.host, deps.domains);
    if (virtualBucket === undefined) {
      // Neither can be a bucket request: S3 has no POST on `/`, and `_` cannot start a bucket name.
      if (req.method === 'POST' && (req.url === '/' || req.url?.startsWith('/?'))) return await stsOf(deps).handle(req, res, requestId);
      if (req.url?.startsWith(ADMIN_PREFIX)) return await handleAdmin(deps, req, res, requestId);
    }
    if (req.method === 'OPTIONS') {
      const bucket = bucketOf(req, deps.domains);
      answerPreflight(req, res, bucket ? await deps.cors.get(bucket) : undefined);
      return;
    }
    const ep = parseEndpoint(req, deps.domains);
    if (req.headers.origin !== undefined && ep.bucket) setCorsHeaders(req, res, await deps.cors.get(ep.bucket));
    const ctx = await authenticate(deps, req, res, requestId);
    // DeleteObjects is authorized per key inside its handler.
    const list = ep.op === 'ListObjects' || ep.op === 'ListObjectsV2' || ep.op === 'ListMultipartUploads';
    if (ep.op !== 'DeleteObjects') authorize(ctx, ACTION[ep.op], ep.bucket, ep.key, list ? listConditionValues(ep.query) : undefined);
    await dispatch(ctx, ep);
  } catch (err) {
    // A client that went away mid-request is not a server failure.
    if (!res.socket || res.socket.destroyed) {
      deps.log.debug({ err, requestId }, 'S3 client went away');
      if (!res.destroyed) res.destroy();
      return;
    }
    const e = toS3Error(err);
    if (e.code === 'InternalError') deps.log.error({ err, requestId, method: req.method, url: req.url }, 'S3 request failed');
    else deps.log.debug({ code: e.code, requestId, method: req.method, url: req.url }, 'S3 error');
    sendError(res, e, { requestId, resource: resourceOf(req.url), head: req.method === 'HEAD' });
  }
}

export function createS3RequestListener(deps: S3Deps): RequestListener {
  return (req, res) => {
    void handleS3Request(deps, req, res);
  };
}
