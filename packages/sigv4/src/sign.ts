/**
 * Client-side signing: Authorization headers for a request, and presigned URLs.
 * URLs must carry their path already percent-encoded as it is sent (for an S3 key:
 * `uriEncode(key, false)`); the path is signed as given, like the AWS SDKs do for S3.
 */
import {
  ALGORITHM,
  canonicalHeaders,
  canonicalRequest,
  credentialScope,
  stringToSign,
  toAmzDate,
} from './canonical.ts';
import { encodedQueryPairs, joinCanonicalQuery, uriEncode } from './encode.ts';
import { hmacSha256, signingKey } from './signing-key.ts';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignRequestInput extends SigningCredentials {
  method: string;
  url: string | URL;
  /** Headers that will be sent and signed (besides host and the x-amz-* ones added here). */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body, UNSIGNED-PAYLOAD or a STREAMING-* value. */
  payloadHash: string;
  region: string;
  service: string;
  now: Date | number;
}

export interface PresignUrlInput extends SigningCredentials {
  method: string;
  url: string | URL;
  region: string;
  service?: string;
  /** 1..604800 (7 days). */
  expiresSeconds: number;
  now: Date | number;
  /** Extra headers the URL's user must send with exactly these values; host is always signed. */
  signedHeaders?: Record<string, string>;
}

export const MAX_PRESIGN_EXPIRES = 604800;

// Headers proxies or user agents may change in transit; the AWS SDKs never sign them either.
const UNSIGNABLE = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma',
  'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
]);

function isSignable(name: string): boolean {
  return !UNSIGNABLE.has(name) && !name.startsWith('proxy-') && !name.startsWith('sec-');
}

function lowercaseHeaders(headers: Record<string, string> | undefined, host: string): Map<string, string> {
  const out = new Map<string, string>();
  out.set('host', host);
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (isSignable(lower)) out.set(lower, headers[name]!);
  }
  return out;
}

/** Returns the headers to add to the request: authorization, x-amz-date, x-amz-content-sha256, x-amz-security-token. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const { method, accessKeyId, secretAccessKey, sessionToken, region, service, payloadHash, now, headers: given } = input;
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const amzDate = toAmzDate(now);
  const date = amzDate.slice(0, 8);
  const scope = credentialScope(date, region, service);
  const headers = lowercaseHeaders(given, given?.host ?? url.host);
  const added: Record<string, string> = { 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash };
  if (sessionToken !== undefined) added['x-amz-security-token'] = sessionToken;
  for (const name in added) headers.set(name, added[name]!);
  const names = [...headers.keys()].sort();
  const signed = names.join(';');
  const creq = canonicalRequest(
    method.toUpperCase(),
    url.pathname,
    joinCanonicalQuery(encodedQueryPairs(url.search.slice(1))),
    canonicalHeaders(names, (n) => headers.get(n)),
    signed,
    payloadHash,
  );
  const key = signingKey(secretAccessKey, date, region, service);
  const signature = hmacSha256(key, stringToSign(amzDate, scope, creq)).toString('hex');
  added.authorization = `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
  return added;
}

/** A presigned URL (query-string authentication, payload UNSIGNED-PAYLOAD). */
export function presignUrl(input: PresignUrlInput): string {
  // Read each input property once: callers often build `input` with a spread, which V8 makes slow to query.
  const { method, accessKeyId, secretAccessKey, sessionToken, region, expiresSeconds, now, signedHeaders } = input;
  if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_EXPIRES) {
    throw new RangeError(`expiresSeconds must be an integer in 1..${MAX_PRESIGN_EXPIRES}`);
  }
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const service = input.service ?? 's3';
  const amzDate = toAmzDate(now);
  const date = amzDate.slice(0, 8);
  const scope = credentialScope(date, region, service);
  const host = url.host;

  let names = ['host'];
  let headersBlock = `host:${host}\n`;
  if (signedHeaders !== undefined) {
    const headers = lowercaseHeaders(signedHeaders, signedHeaders.host ?? host);
    names = [...headers.keys()].sort();
    headersBlock = canonicalHeaders(names, (n) => headers.get(n));
  }
  const signed = names.join(';');

  const search = url.search;
  const pairs = search.length > 1 ? encodedQueryPairs(search.slice(1), 'X-Amz-Signature') : [];
  pairs.push(
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${uriEncode(accessKeyId, true)}%2F${date}%2F${uriEncode(region, true)}%2F${uriEncode(service, true)}%2Faws4_request`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(expiresSeconds)],
    ['X-Amz-SignedHeaders', uriEncode(signed, true)],
  );
  if (sessionToken !== undefined) pairs.push(['X-Amz-Security-Token', uriEncode(sessionToken, true)]);
  const query = joinCanonicalQuery(pairs);

  const path = url.pathname;
  const creq = canonicalRequest(method.toUpperCase(), path, query, headersBlock, signed, 'UNSIGNED-PAYLOAD');
  const key = signingKey(secretAccessKey, date, region, service);
  const signature = hmacSha256(key, stringToSign(amzDate, scope, creq)).toString('hex');
  return `${url.protocol}//${host}${path}?${query}&X-Amz-Signature=${signature}`;
}
