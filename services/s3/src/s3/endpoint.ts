import type { IncomingMessage } from 'node:http';
import { S3Error } from './errors.ts';

/** The S3 operations this server answers, named as in the AWS API. */
export type OperationName =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'DeleteBucket'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'DeleteObjects'
  | 'PutObject'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'
  | 'ListMultipartUploads'
  | 'PutBucketCors'
  | 'GetBucketCors'
  | 'DeleteBucketCors';

export type Endpoint =
  | { op: 'ListBuckets'; bucket?: undefined; key?: undefined; query: URLSearchParams }
  | { op: Exclude<OperationName, 'ListBuckets' | ObjectOp>; bucket: string; key?: undefined; query: URLSearchParams }
  | { op: ObjectOp; bucket: string; key: string; query: URLSearchParams };

type ObjectOp =
  | 'PutObject'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts';

/** The IAM action each operation needs (AWS's mapping; ListObjects* → s3:ListBucket). */
export const ACTION: Record<OperationName, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  CreateBucket: 's3:CreateBucket',
  HeadBucket: 's3:ListBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  DeleteBucket: 's3:DeleteBucket',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  DeleteObjects: 's3:DeleteObject',
  PutObject: 's3:PutObject',
  CopyObject: 's3:PutObject',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  DeleteObject: 's3:DeleteObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  UploadPartCopy: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  PutBucketCors: 's3:PutBucketCORS',
  GetBucketCors: 's3:GetBucketCORS',
  DeleteBucketCors: 's3:PutBucketCORS',
};

/** Subresources S3 knows that this server does not implement (answered with 501). */
const UNSUPPORTED = new Set([
  'accelerate', 'acl', 'analytics', 'attributes', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy',
  'policyStatus', 'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select', 'session',
  'tagging', 'torrent', 'versioning', 'versions', 'website', 'renameObject',
]);

export const MAX_KEY_BYTES = 1024;

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error('InvalidURI', 'Couldn\'t parse the specified URI.');
  }
}

/** The bucket named by a virtual-hosted-style Host header (`bucket.<domain>`), if any. */
export function bucketFromHost(host: string | undefined, domains: readonly string[]): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  for (const d of domains) {
    if (name.length > d.length + 1 && name.endsWith(`.${d}`)) return name.slice(0, -d.length - 1);
  }
  return undefined;
}

/** Routes a request by method, path-style or virtual-hosted bucket, key and query subresource. */
export function parseEndpoint(req: IncomingMessage, domains: readonly string[]): Endpoint {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  if (!rawPath.startsWith('/')) throw new S3Error('InvalidURI', "Couldn't parse the specified URI.");

  let bucket = bucketFromHost(req.headers.host, domains);
  let rawKey: string;
  if (bucket !== undefined) {
    rawKey = rawPath.slice(1);
  } else {
    const slash = rawPath.indexOf('/', 1);
    bucket = decode(slash === -1 ? rawPath.slice(1) : rawPath.slice(1, slash));
    rawKey = slash === -1 ? '' : rawPath.slice(slash + 1);
  }
  const key = decode(rawKey);

  for (const name of query.keys()) {
    if (UNSUPPORTED.has(name)) throw new S3Error('NotImplemented', `The ${name} subresource is not implemented.`);
  }
  const method = req.method ?? 'GET';
  if (!bucket) {
    if (method === 'GET') return { op: 'ListBuckets', query };
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', { resource: '/' });
  }
  if (key === '') return bucketEndpoint(method, bucket, query);

  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', undefined, { resource: `/${bucket}/${key.slice(0, 64)}…` });
  switch (method) {
    case 'GET':
      if (query.has('uploadId')) return { op: 'ListParts', bucket, key, query };
      if (query.has('partNumber')) throw new S3Error('NotImplemented', 'GetObject by partNumber is not implemented.');
      return { op: 'GetObject', bucket, key, query };
    case 'HEAD':
      if (query.has('partNumber')) throw new S3Error('NotImplemented', 'HeadObject by partNumber is not implemented.');
      return { op: 'HeadObject', bucket, key, query };
    case 'PUT': {
      const copy = req.headers['x-amz-copy-source'] !== undefined;
      if (query.has('uploadId') || query.has('partNumber')) return { op: copy ? 'UploadPartCopy' : 'UploadPart', bucket, key, query };
      return { op: copy ? 'CopyObject' : 'PutObject', bucket, key, query };
    }
    case 'DELETE':
      return { op: query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject', bucket, key, query };
    case 'POST':
      if (query.has('uploads')) return { op: 'CreateMultipartUpload', bucket, key, query };
      if (query.has('uploadId')) return { op: 'CompleteMultipartUpload', bucket, key, query };
      throw new S3Error('NotImplemented', 'POST on an object is not implemented.');
    default:
      throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', { resource: `/${bucket}/${key}` });
  }
}

function bucketEndpoint(method: string, bucket: string, query: URLSearchParams): Endpoint {
  switch (method) {
    case 'GET':
      if (query.has('location')) return { op: 'GetBucketLocation', bucket, query };
      if (query.has('uploads')) return { op: 'ListMultipartUploads', bucket, query };
      if (query.has('cors')) return { op: 'GetBucketCors', bucket, query };
      return { op: query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', bucket, query };
    case 'HEAD':
      return { op: 'HeadBucket', bucket, query };
    case 'PUT':
      return { op: query.has('cors') ? 'PutBucketCors' : 'CreateBucket', bucket, query };
    case 'DELETE':
      return { op: query.has('cors') ? 'DeleteBucketCors' : 'DeleteBucket', bucket, query };
    case 'POST':
      if (query.has('delete')) return { op: 'DeleteObjects', bucket, query };
      throw new S3Error('NotImplemented', 'This POST request on a bucket is not implemented.');
    default:
      throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', { resource: `/${bucket}` });
  }
}
