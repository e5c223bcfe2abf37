/**
 * AWS Signature Version 4 for the S3 service: parsing the Authorization header or the presigned
 * query, rebuilding the canonical request, verifying the signature, and signing (for presigned URLs).
 *
 * CONTRACT (implemented in this file; the request pipeline depends on these exact shapes).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ALGORITHM, checkSignature, credentialScope, fromAmzDate, signingKey, toAmzDate, uriDecode } from '@photocloud/sigv4';
import { S3Error } from './errors.ts';

export type PayloadMode =
  | 'signed' // x-amz-content-sha256 is the hex SHA-256 of the body: verify it while streaming
  | 'unsigned' // UNSIGNED-PAYLOAD
  | 'streaming-signed' // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
  | 'streaming-signed-trailer' // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
  | 'streaming-unsigned-trailer'; // STREAMING-UNSIGNED-PAYLOAD-TRAILER

export interface AuthRequest {
  method: string;
  /** Path and query exactly as received on the request line (still percent-encoded). */
  rawUrl: string;
  headers: IncomingHttpHeaders;
}

export interface ParsedAuth {
  kind: 'header' | 'query';
  accessKeyId: string;
  /** Credential scope parts. */
  date: string; // YYYYMMDD
  region: string;
  service: string; // 's3' or 'sts'
  /** x-amz-date (or Date header) / X-Amz-Date in ISO basic format, e.g. 20261124T063600Z. */
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  /** Hex SHA-256 of the payload for mode 'signed'; the literal header value otherwise. */
  payloadHash: string;
  payloadMode: PayloadMode;
  /** X-Amz-Expires for presigned requests (1..604800). */
  expiresSeconds?: number;
  /** x-amz-security-token / X-Amz-Security-Token when present. */
  securityToken?: string;
}

export interface VerifiedAuth {
  signingKey: Buffer;
  /** The request's own signature: the "previous signature" for the first chunk. */
  seedSignature: string;
  /** `${date}/${region}/${service}/aws4_request` */
  scope: string;
  amzDate: string;
}

/** Largest allowed difference between the request time and ours (AWS: 15 minutes). */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_EXPIRES = 604800;
const AMZ_DATE = /^\d{8}T\d{6}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

const PAYLOAD_MODES: Record<string, PayloadMode> = {
  'UNSIGNED-PAYLOAD': 'unsigned',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': 'streaming-signed',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': 'streaming-signed-trailer',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': 'streaming-unsigned-trailer',
};

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function splitUrl(rawUrl: string): { path: string; query: string } {
  let url = rawUrl;
  if (url[0] !== '/') {
    // absolute-form request target (proxies): drop scheme and authority
    const p = url.indexOf('/', url.indexOf('//') + 2);
    url = p === -1 ? '/' : url.slice(p);
  }
  const q = url.indexOf('?');
  return q === -1 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

function payloadMode(value: string): PayloadMode {
  const mode = PAYLOAD_MODES[value];
  if (mode !== undefined) return mode;
  if (HEX64.test(value)) return 'signed';
  throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.', {
    fields: { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
  });
}

/** "AKID/20261124/us-east-1/s3/aws4_request" → parts, or undefined when malformed. */
function parseCredential(value: string) {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (accessKeyId === '' || !/^\d{8}$/.test(date) || region === '' || service === '') return undefined;
  return { accessKeyId, date, region, service };
}

function parseSignedHeaders(value: string): string[] | undefined {
  const names = value.split(';');
  return names.every((n) => n !== '' && n === n.toLowerCase()) ? names : undefined;
}

/** x-amz-date, else the Date header (RFC 7231) converted to ISO basic format. */
function requestDate(headers: IncomingHttpHeaders): string {
  const amz = header(headers, 'x-amz-date');
  if (amz !== undefined) {
    if (AMZ_DATE.test(amz)) return amz;
  } else {
    const date = header(headers, 'date');
    const ms = date === undefined ? NaN : Date.parse(date);
    if (!Number.isNaN(ms)) return toAmzDate(ms);
  }
  throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
}

const UNSUPPORTED_ALGORITHM = 'The authorization mechanism you have provided is not supported. Only Signature Version 4 (AWS4-HMAC-SHA256) is supported.';

function parseHeaderAuth(req: AuthRequest, authorization: string): ParsedAuth {
  const space = authorization.indexOf(' ');
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) throw new S3Error('InvalidRequest', UNSUPPORTED_ALGORITHM);
  const malformed = (why: string) => new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${why}`);
  const fields: Record<string, string> = {};
  for (const part of authorization.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) throw malformed(`the authorization component "${part.trim()}" is malformed.`);
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const { Credential, SignedHeaders, Signature } = fields;
  if (Credential === undefined || SignedHeaders === undefined || Signature === undefined) {
    throw malformed('it must contain Credential, SignedHeaders and Signature.');
  }
  const credential = parseCredential(Credential);
  if (credential === undefined) throw malformed(`the Credential "${Credential}" is not of the form AKID/YYYYMMDD/region/service/aws4_request.`);
  const signedHeaders = parseSignedHeaders(SignedHeaders);
  if (signedHeaders === undefined) throw malformed('SignedHeaders must be lowercase header names separated by ";".');
  const signature = Signature.toLowerCase();
  if (!HEX64.test(signature)) throw malformed('the Signature must be 64 hexadecimal characters.');

  const payloadHash = header(req.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const securityToken = header(req.headers, 'x-amz-security-token');
  return {
    kind: 'header',
    ...credential,
    amzDate: requestDate(req.headers),
    signedHeaders,
    signature,
    payloadHash,
    payloadMode: payloadMode(payloadHash),
    ...(securityToken !== undefined && { securityToken }),
  };
}

/** Decoded X-Amz-* parameters of the raw query (first occurrence wins). */
function amzQueryParams(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of query.split('&')) {
    if (!part.startsWith('X-Amz-')) continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    if (!out.has(name)) out.set(name, eq === -1 ? '' : (uriDecode(part.slice(eq + 1)) ?? ''));
  }
  return out;
}

function parseQueryAuth(query: string): ParsedAuth {
  const bad = (message: string) => new S3Error('AuthorizationQueryParametersError', message);
  const p = amzQueryParams(query);
  if (p.get('X-Amz-Algorithm') !== ALGORITHM) throw bad('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const credentialRaw = p.get('X-Amz-Credential');
  const amzDate = p.get('X-Amz-Date');
  const expires = p.get('X-Amz-Expires');
  const signedRaw = p.get('X-Amz-SignedHeaders');
  const signatureRaw = p.get('X-Amz-Signature');
  if (credentialRaw === undefined || amzDate === undefined || expires === undefined || signedRaw === undefined || signatureRaw === undefined) {
    throw bad('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const credential = parseCredential(credentialRaw);
  if (credential === undefined) throw bad(`Error parsing the X-Amz-Credential parameter; the Credential "${credentialRaw}" is malformed.`);
  if (!AMZ_DATE.test(amzDate)) throw bad('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  const expiresSeconds = /^\d{1,7}$/.test(expires) ? Number(expires) : NaN;
  if (!(expiresSeconds >= 1 && expiresSeconds <= MAX_EXPIRES)) {
    throw bad('X-Amz-Expires must be an integer from 1 to 604800 (seconds, one week).');
  }
  const signedHeaders = parseSignedHeaders(signedRaw);
  if (signedHeaders === undefined) throw bad('X-Amz-SignedHeaders must be lowercase header names separated by ";".');
  const signature = signatureRaw.toLowerCase();
  if (!HEX64.test(signature)) throw bad('X-Amz-Signature must be 64 hexadecimal characters.');
  const payloadHash = p.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const securityToken = p.get('X-Amz-Security-Token');
  return {
    kind: 'query',
    ...credential,
    amzDate,
    signedHeaders,
    signature,
    payloadHash,
    payloadMode: payloadMode(payloadHash),
    expiresSeconds,
    ...(securityToken !== undefined && { securityToken }),
  };
}

/** Null for an anonymous request; throws S3Error for a malformed or unsupported one. */
export function parseAuth(req: AuthRequest): ParsedAuth | null {
  const authorization = header(req.headers, 'authorization');
  const { query } = splitUrl(req.rawUrl);
  if (authorization !== undefined) {
    if (/(?:^|&)X-Amz-Algorithm=/.test(query)) {
      throw new S3Error('InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified');
    }
    return parseHeaderAuth(req, authorization);
  }
  if (query === '') return null;
  if (/(?:^|&)X-Amz-Algorithm=/.test(query)) return parseQueryAuth(query);
  if (/(?:^|&)AWSAccessKeyId=/.test(query) && /(?:^|&)Signature=/.test(query)) {
    throw new S3Error('InvalidRequest', UNSUPPORTED_ALGORITHM); // SigV2 presigned URL
  }
  return null;
}

function checkTime(auth: ParsedAuth, nowMs: number): void {
  const t = fromAmzDate(auth.amzDate);
  const serverTime = toAmzDate(nowMs);
  if (auth.kind === 'header') {
    if (Math.abs(nowMs - t) > MAX_SKEW_MS) {
      throw new S3Error('RequestTimeTooSkewed', undefined, {
        fields: { RequestTime: auth.amzDate, ServerTime: serverTime, MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
      });
    }
  } else {
    if (t + auth.expiresSeconds! * 1000 < nowMs) {
      throw new S3Error('AccessDenied', 'Request has expired', {
        fields: { 'X-Amz-Expires': String(auth.expiresSeconds), Expires: toAmzDate(t + auth.expiresSeconds! * 1000), ServerTime: serverTime },
      });
    }
    if (t - nowMs > MAX_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet', { fields: { ServerTime: serverTime } });
  }
  if (auth.date !== auth.amzDate.slice(0, 8)) {
    const code = auth.kind === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError';
    throw new S3Error(code, `Invalid credential date "${auth.date}". This date is not the same as X-Amz-Date: "${auth.amzDate.slice(0, 8)}".`);
  }
}

/**
 * Checks time (skew, expiry) and the request signature (see checkSignature for the canonical
 * forms tried); returns what the body decoder needs.
 */
export function verifyRequest(req: AuthRequest, auth: ParsedAuth, secretAccessKey: string, now: Date | number): VerifiedAuth {
  checkTime(auth, typeof now === 'number' ? now : now.getTime());
  if (!auth.signedHeaders.includes('host')) {
    const code = auth.kind === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError';
    throw new S3Error(code, 'The host header must be signed.');
  }
  for (const name of auth.signedHeaders) {
    if (req.headers[name] === undefined) {
      throw new S3Error('SignatureDoesNotMatch', `The header "${name}" is listed in SignedHeaders but is missing from the request.`);
    }
  }
  const { path, query } = splitUrl(req.rawUrl);
  const scope = credentialScope(auth.date, auth.region, auth.service);
  const key = signingKey(secretAccessKey, auth.date, auth.region, auth.service);
  const check = checkSignature({
    method: req.method,
    rawPath: path,
    rawQuery: query,
    presigned: auth.kind === 'query',
    headers: req.headers,
    signedHeaders: auth.signedHeaders,
    payloadHash: auth.payloadHash,
    amzDate: auth.amzDate,
    scope,
    signingKey: key,
    signature: auth.signature,
  });
  if (!check.ok) {
    throw new S3Error('SignatureDoesNotMatch', undefined, {
      fields: { AWSAccessKeyId: auth.accessKeyId, StringToSign: check.stringToSign, SignatureProvided: auth.signature, CanonicalRequest: check.canonicalRequest },
    });
  }
  return { signingKey: key, seedSignature: auth.signature, scope, amzDate: auth.amzDate };
}

/** For payload mode 'signed': the body's SHA-256 must equal x-amz-content-sha256. */
export function verifyPayloadSha256(auth: ParsedAuth, sha256: Buffer): void {
  if (auth.payloadMode !== 'signed') return;
  const computed = sha256.toString('hex');
  if (computed !== auth.payloadHash.toLowerCase()) {
    throw new S3Error('XAmzContentSHA256Mismatch', undefined, {
      fields: { ClientComputedContentSHA256: auth.payloadHash, S3ComputedContentSHA256: computed },
    });
  }
}
