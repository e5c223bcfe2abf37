/**
 * Server-side signature check. Clients differ in what exactly they sign, and each signs what it
 * sends, so several canonical forms are tried (the extra ones cost only when the first fails):
 * - URI: the decoded path re-encoded with AWS rules, then the path exactly as received
 *   (some clients keep characters such as `!*'()$` unencoded);
 * - header values: as Node's HTTP server decodes them (latin1: right for clients sending latin1
 *   bytes, e.g. Python's http.client), then, when they hold non-ASCII bytes, those bytes read as
 *   UTF-8 (Node's http client, so the AWS SDK for JavaScript, and Go clients send UTF-8).
 */
import { timingSafeEqual } from 'node:crypto';
import { canonicalHeaders, canonicalRequest, stringToSign } from './canonical.ts';
import { canonicalQueryFromRaw, uriDecode, uriEncode } from './encode.ts';
import { hmacSha256 } from './signing-key.ts';

type HeaderValue = string | readonly string[] | undefined;

export interface SignatureCheck {
  method: string;
  /** Path and query exactly as received (still percent-encoded); query without the `?`. */
  rawPath: string;
  rawQuery: string;
  /** Presigned URL: X-Amz-Signature is left out of the canonical query. */
  presigned: boolean;
  /** Request headers by lowercase name, as Node's IncomingHttpHeaders. */
  headers: Readonly<Record<string, HeaderValue>>;
  signedHeaders: readonly string[];
  payloadHash: string;
  amzDate: string;
  scope: string;
  signingKey: Buffer;
  /** The signature sent, 64 lowercase hex digits. */
  signature: string;
}

export interface SignatureCheckResult {
  ok: boolean;
  /** The primary canonical form, for the SignatureDoesNotMatch error body. */
  canonicalRequest: string;
  stringToSign: string;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function checkSignature(c: SignatureCheck): SignatureCheckResult {
  const { rawPath, signedHeaders, headers } = c;
  const decoded = uriDecode(rawPath);
  const uri = decoded === undefined ? rawPath : uriEncode(decoded, false);
  const query = canonicalQueryFromRaw(c.rawQuery, c.presigned ? 'X-Amz-Signature' : undefined);
  const headersBlock = canonicalHeaders(signedHeaders, (name) => headers[name]);
  const signed = signedHeaders.join(';');
  const expected = Buffer.from(c.signature, 'hex');
  const sts = (u: string, block: string) => stringToSign(c.amzDate, c.scope, canonicalRequest(c.method, u, query, block, signed, c.payloadHash));
  const matches = (u: string, block: string) => expected.length === 32 && timingSafeEqual(hmacSha256(c.signingKey, sts(u, block)), expected);

  let ok = matches(uri, headersBlock) || (uri !== rawPath && matches(rawPath, headersBlock));
  if (!ok && NON_ASCII.test(headersBlock)) {
    // Converted per value before canonicalization: a UTF-8 byte such as 0xA0 read as latin1 is a space to \s.
    const utf8Block = canonicalHeaders(signedHeaders, (name) => latin1ToUtf8(headers[name]));
    ok = matches(uri, utf8Block) || (uri !== rawPath && matches(rawPath, utf8Block));
  }
  const creq = ok ? '' : canonicalRequest(c.method, uri, query, headersBlock, signed, c.payloadHash);
  return { ok, canonicalRequest: creq, stringToSign: ok ? '' : stringToSign(c.amzDate, c.scope, creq) };
}

function latin1ToUtf8(value: HeaderValue): HeaderValue {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return Buffer.from(value, 'latin1').toString('utf8');
  return value.map((v) => Buffer.from(v, 'latin1').toString('utf8'));
}
