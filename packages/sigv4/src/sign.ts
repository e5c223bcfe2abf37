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
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const amzDate = toAmzDate(input.now);
  const date = amzDate.slice(0, 8);
  const scope = credentialScope(date, input.region, input.service);
  const headers = lowercaseHeaders(input.headers, input.headers?.host ?? url.host);
  const added: Record<string, string> = { 'x-amz-date': amzDate, 'x-amz-content-sha256': input.payloadHash };
  if (input.sessionToken !== undefined) added['x-amz-security-token'] = input.sessionToken;
  for (const name in added) headers.set(name, added[name]!);
  const names = [...headers.keys()].sort();
  const signed = names.join(';');
  const creq = canonicalRequest(
    input.method.toUpperCase(),
    url.pathname,
    joinCanonicalQuery(encodedQueryPairs(url.search.slice(1))),
    canonicalHeaders(names, (n) => headers.get(n)),
    signed,
    input.payloadHash,
  );
  const key = signingKey(input.secretAccessKey, date, input.region, input.service);
  const signature = hmacSha256(key, stringToSign(amzDate, scope, creq)).toString('hex');
  added.authorization = `${ALGORITHM} Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
  return added;
}

/** A presigned URL (query-string authentication, payload UNSIGNED-PAYLOAD). */
export function presignUrl(input: PresignUrlInput): string {
  const { expiresSeconds } = input;
  if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_EXPIRES) {
    throw new RangeError(`expiresSeconds must be an integer in 1..${MAX_PRESIGN_EXPIRES}`);
  }
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const service = input.service ?? 's3';
  const amzDate = toAmzDate(input.now);
  const date = amzDate.slice(0, 8);
  const scope = credentialScope(date, input.region, service);

  let names = ['host'];
  let headersBlock = `host:${url.host}\n`;
  if (input.signedHeaders !== undefined) {
    const headers = lowercaseHeaders(input.signedHeaders, input.signedHeaders.host ?? url.host);
    names = [...headers.keys()].sort();
    headersBlock = canonicalHeaders(names, (n) => headers.get(n));
  }
  const signed = names.join(';');

  const pairs = encodedQueryPairs(url.search.slice(1), 'X-Amz-Signature');
  pairs.push(
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', uriEncode(`${input.accessKeyId}/${scope}`, true)],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(expiresSeconds)],
    ['X-Amz-SignedHeaders', uriEncode(signed, true)],
  );
  if (input.sessionToken !== undefined) pairs.push(['X-Amz-Security-Token', uriEncode(input.sessionToken, true)]);
  const query = joinCanonicalQuery(pairs);

  const creq = canonicalRequest(input.method.toUpperCase(), url.pathname, query, headersBlock, signed, 'UNSIGNED-PAYLOAD');
  const key = signingKey(input.secretAccessKey, date, input.region, service);
  const signature = hmacSha256(key, stringToSign(amzDate, scope, creq)).toString('hex');
  return `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${signature}`;
}
