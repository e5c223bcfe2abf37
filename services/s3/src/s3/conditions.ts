import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './errors.ts';

export interface Validators {
  etag: string; // unquoted hex
  lastModified: string; // ISO
}

function etagMatches(header: string, etag: string): boolean {
  return header.split(',').some((raw) => {
    const t = raw.trim().replace(/^W\//, '');
    return t === '*' || t.replace(/^"|"$/g, '') === etag;
  });
}

/** HTTP dates compare at one-second resolution (Last-Modified carries no milliseconds). */
function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function headerDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

export type ConditionResult = 'ok' | 'not-modified' | 'failed';

/** If-Match / If-Unmodified-Since / If-None-Match / If-Modified-Since with RFC 7232 (and S3) precedence. */
export function evaluateConditions(
  headers: IncomingHttpHeaders,
  obj: Validators,
  prefix: '' | 'x-amz-copy-source-' = '',
): ConditionResult {
  const ifMatch = one(headers[`${prefix}if-match`]);
  const ifNoneMatch = one(headers[`${prefix}if-none-match`]);
  const ifUnmodified = headerDate(one(headers[`${prefix}if-unmodified-since`]));
  const ifModified = headerDate(one(headers[`${prefix}if-modified-since`]));
  const modified = seconds(obj.lastModified);
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, obj.etag)) return 'failed';
  } else if (ifUnmodified !== undefined && modified > ifUnmodified) {
    return 'failed';
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, obj.etag)) return 'not-modified';
  } else if (ifModified !== undefined && modified <= ifModified) {
    return 'not-modified';
  }
  return 'ok';
}

/** Throws the S3 answer for GET/HEAD conditionals: 304 (with validators) or 412. */
export function checkReadConditions(headers: IncomingHttpHeaders, obj: Validators, resource: string): void {
  const r = evaluateConditions(headers, obj);
  if (r === 'failed') {
    throw new S3Error('PreconditionFailed', undefined, { resource, fields: { Condition: headers['if-match'] ? 'If-Match' : 'If-Unmodified-Since' } });
  }
  if (r === 'not-modified') {
    throw new S3Error('NotModified', 'Not Modified', {
      resource,
      headers: { etag: `"${obj.etag}"`, 'last-modified': new Date(obj.lastModified).toUTCString() },
    });
  }
}

/** x-amz-copy-source-if-*: every failure is a 412 for CopyObject. */
export function checkCopySourceConditions(headers: IncomingHttpHeaders, obj: Validators, resource: string): void {
  if (evaluateConditions(headers, obj, 'x-amz-copy-source-') !== 'ok') throw new S3Error('PreconditionFailed', undefined, { resource });
}
