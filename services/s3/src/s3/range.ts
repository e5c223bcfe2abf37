import { S3Error } from './errors.ts';

export interface ByteRange {
  start: number;
  end: number; // inclusive
}

/**
 * Parses a single `bytes=` range against an object size. Returns null for "whole object"
 * (no header, a syntax S3 ignores, or several ranges, which S3 does not serve), throws
 * InvalidRange (416, Content-Range: bytes * /size) when unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (!header) return null;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    const n = Number(b);
    if (n === 0) throw unsatisfiable(size, header);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (b !== '' && Number(b) < start) return null; // last-byte-pos < first-byte-pos: syntactically invalid, ignored
  }
  if (start >= size || size === 0) throw unsatisfiable(size, header);
  return { start, end };
}

function unsatisfiable(size: number, requested: string): S3Error {
  return new S3Error('InvalidRange', undefined, {
    fields: { RangeRequested: requested, ActualObjectSize: String(size) },
    headers: { 'content-range': `bytes */${size}` },
  });
}
