import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { S3Error } from './errors.ts';
import type { ObjectMeta } from '../store/meta.store.ts';

/** The content headers S3 stores with an object and returns on GET/HEAD. */
export interface ContentHeaders {
  contentType: string | null;
  cacheControl: string | null;
  contentDisposition: string | null;
  contentEncoding: string | null;
  contentLanguage: string | null;
  expires: string | null;
  metadata: Record<string, string>;
}

const MAX_METADATA_BYTES = 2048;
const META_PREFIX = 'x-amz-meta-';

function header(h: IncomingHttpHeaders, name: string): string | null {
  const v = h[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** `aws-chunked` is a transport encoding of the request, never part of the stored object. */
function storedEncoding(value: string | null): string | null {
  if (value === null) return null;
  const kept = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t.toLowerCase() !== 'aws-chunked');
  return kept.length > 0 ? kept.join(', ') : null;
}

/** Reads content headers and x-amz-meta-* from a PutObject / CopyObject (REPLACE) request. */
export function readContentHeaders(h: IncomingHttpHeaders): ContentHeaders {
  const metadata: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(h)) {
    if (!name.startsWith(META_PREFIX) || value === undefined) continue;
    const key = name.slice(META_PREFIX.length);
    const v = Array.isArray(value) ? value.join(',') : value;
    metadata[key] = v;
    bytes += Buffer.byteLength(key) + Buffer.byteLength(v);
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', {
      fields: { Size: String(bytes), MaxSizeAllowed: String(MAX_METADATA_BYTES) },
    });
  }
  return {
    contentType: header(h, 'content-type'),
    cacheControl: header(h, 'cache-control'),
    contentDisposition: header(h, 'content-disposition'),
    contentEncoding: storedEncoding(header(h, 'content-encoding')),
    contentLanguage: header(h, 'content-language'),
    expires: header(h, 'expires'),
    metadata,
  };
}

const OVERRIDES: Array<[string, string]> = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
];

/** Sets the stored object headers on a GET/HEAD response, with response-* query overrides. */
export function setObjectHeaders(res: ServerResponse, meta: ObjectMeta, query: URLSearchParams, withChecksums: boolean): void {
  res.setHeader('etag', `"${meta.etag}"`);
  res.setHeader('last-modified', new Date(meta.lastModified).toUTCString());
  res.setHeader('accept-ranges', 'bytes');
  res.setHeader('content-type', meta.contentType ?? 'binary/octet-stream');
  if (meta.cacheControl !== null) res.setHeader('cache-control', meta.cacheControl);
  if (meta.contentDisposition !== null) res.setHeader('content-disposition', meta.contentDisposition);
  if (meta.contentEncoding !== null) res.setHeader('content-encoding', meta.contentEncoding);
  if (meta.contentLanguage !== null) res.setHeader('content-language', meta.contentLanguage);
  if (meta.expires !== null) res.setHeader('expires', meta.expires);
  for (const [name, value] of Object.entries(meta.metadata)) res.setHeader(`x-amz-meta-${name}`, value);
  if (withChecksums) {
    for (const [alg, value] of Object.entries(meta.checksums)) res.setHeader(`x-amz-checksum-${alg.toLowerCase()}`, value);
    // A multipart object's COMPOSITE checksum ends in -N.
    const values = Object.values(meta.checksums);
    if (values.length > 0) res.setHeader('x-amz-checksum-type', values.some((v) => v.includes('-')) ? 'COMPOSITE' : 'FULL_OBJECT');
  }
  for (const [param, name] of OVERRIDES) {
    const v = query.get(param);
    if (v !== null) res.setHeader(name, v);
  }
}
