import type { S3Context } from '../context.ts';
import { S3Error } from '../errors.ts';
import { isoTime, requireBucket } from '../lookup.ts';
import { sendXml } from '../respond.ts';
import { XmlWriter } from '../xml.ts';
import { prefixSuccessor, type ListedObject } from '../../store/meta.store.ts';

interface ListPage {
  contents: ListedObject[];
  prefixes: string[];
  truncated: boolean;
  /** Last key or common prefix returned: where the next page starts (exclusive). */
  last: string | undefined;
}

/** The common prefix `key` rolls up into, if any. */
function commonPrefix(key: string, prefix: string, delimiter: string): string | undefined {
  if (!delimiter || !key.startsWith(prefix)) return undefined;
  const i = key.indexOf(delimiter, prefix.length);
  return i === -1 ? undefined : key.slice(0, i + delimiter.length);
}

/**
 * One page of keys after `after`, rolling keys up into common prefixes. After a common prefix the
 * scan jumps past every key under it, so a folder with a million keys costs one row.
 */
async function listPage(ctx: S3Context, bucket: string, prefix: string, delimiter: string, after: string | undefined, maxKeys: number): Promise<ListPage> {
  const page: ListPage = { contents: [], prefixes: [], truncated: false, last: undefined };
  // A marker inside a common prefix: that prefix was already returned, continue after all its keys.
  const markerPrefix = after === undefined ? undefined : commonPrefix(after, prefix, delimiter);
  let cursor: { after?: string | undefined; from?: string | undefined } = markerPrefix ? { from: prefixSuccessor(markerPrefix) } : { after };
  if (markerPrefix && cursor.from === undefined) return page;
  while (true) {
    const want = maxKeys - page.contents.length - page.prefixes.length;
    const rows = await ctx.deps.meta.listObjects({ bucket, prefix, ...cursor, limit: want + 1 });
    let jumped = false;
    for (const row of rows) {
      if (page.contents.length + page.prefixes.length === maxKeys) {
        page.truncated = true;
        return page;
      }
      const cp = commonPrefix(row.key, prefix, delimiter);
      if (cp !== undefined) {
        page.prefixes.push(cp);
        page.last = cp;
        const next = prefixSuccessor(cp);
        if (next === undefined) return page;
        cursor = { from: next };
        jumped = true;
        break;
      }
      page.contents.push(row);
      page.last = row.key;
    }
    if (!jumped && rows.length < want + 1) return page;
    if (!jumped) cursor = { after: page.last };
  }
}

function maxKeysOf(query: URLSearchParams): number {
  const raw = query.get('max-keys');
  if (raw === null) return 1000;
  if (!/^\d+$/.test(raw)) throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', { fields: { ArgumentName: 'max-keys', ArgumentValue: raw } });
  return Math.min(Number(raw), 1000);
}

function encoder(query: URLSearchParams): (s: string) => string {
  const type = query.get('encoding-type');
  if (type === null) return (s) => s;
  if (type !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { fields: { ArgumentName: 'encoding-type', ArgumentValue: type } });
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

function writeEntries(xml: XmlWriter, page: ListPage, enc: (s: string) => string, owner: boolean): void {
  for (const o of page.contents) {
    xml.open('Contents').leaf('Key', enc(o.key)).leaf('LastModified', isoTime(o.lastModified)).leaf('ETag', `"${o.etag}"`).leaf('Size', o.size);
    if (owner) xml.open('Owner').leaf('ID', o.owner).leaf('DisplayName', o.owner).close('Owner');
    xml.leaf('StorageClass', 'STANDARD').close('Contents');
  }
  for (const p of page.prefixes) xml.open('CommonPrefixes').leaf('Prefix', enc(p)).close('CommonPrefixes');
}

/** ListObjects (v1): marker, NextMarker (with a delimiter), Owner always present. */
export async function listObjects(ctx: S3Context, ep: { bucket: string; query: URLSearchParams }): Promise<void> {
  const q = ep.query;
  const [prefix, delimiter, marker] = [q.get('prefix') ?? '', q.get('delimiter') ?? '', q.get('marker') ?? ''];
  const maxKeys = maxKeysOf(q);
  const enc = encoder(q);
  await requireBucket(ctx, ep.bucket);
  const page = maxKeys === 0 ? emptyPage() : await listPage(ctx, ep.bucket, prefix, delimiter, marker || undefined, maxKeys);
  const xml = new XmlWriter('ListBucketResult').leaf('Name', ep.bucket).leaf('Prefix', enc(prefix)).leaf('Marker', enc(marker)).leaf('MaxKeys', maxKeys);
  if (delimiter) xml.leaf('Delimiter', enc(delimiter));
  if (q.has('encoding-type')) xml.leaf('EncodingType', 'url');
  xml.leaf('IsTruncated', page.truncated);
  if (page.truncated && delimiter && page.last !== undefined) xml.leaf('NextMarker', enc(page.last));
  writeEntries(xml, page, enc, true);
  sendXml(ctx.res, 200, xml.toString());
}

function emptyPage(): ListPage {
  return { contents: [], prefixes: [], truncated: false, last: undefined };
}

/** ListObjectsV2: opaque continuation token, start-after, fetch-owner, KeyCount. */
export async function listObjectsV2(ctx: S3Context, ep: { bucket: string; query: URLSearchParams }): Promise<void> {
  const q = ep.query;
  const [prefix, delimiter, startAfter] = [q.get('prefix') ?? '', q.get('delimiter') ?? '', q.get('start-after') ?? ''];
  const token = q.get('continuation-token');
  const maxKeys = maxKeysOf(q);
  const enc = encoder(q);
  let after: string | undefined = startAfter || undefined;
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!token || !decoded.startsWith('1:')) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { fields: { ArgumentName: 'continuation-token' } });
    after = decoded.slice(2);
  }
  await requireBucket(ctx, ep.bucket);
  const page = maxKeys === 0 ? emptyPage() : await listPage(ctx, ep.bucket, prefix, delimiter, after, maxKeys);
  const xml = new XmlWriter('ListBucketResult').leaf('Name', ep.bucket).leaf('Prefix', enc(prefix));
  if (startAfter) xml.leaf('StartAfter', enc(startAfter));
  xml.leaf('MaxKeys', maxKeys).leaf('KeyCount', page.contents.length + page.prefixes.length);
  if (delimiter) xml.leaf('Delimiter', enc(delimiter));
  if (q.has('encoding-type')) xml.leaf('EncodingType', 'url');
  if (token !== null) xml.leaf('ContinuationToken', token);
  xml.leaf('IsTruncated', page.truncated);
  if (page.truncated && page.last !== undefined) xml.leaf('NextContinuationToken', Buffer.from(`1:${page.last}`).toString('base64url'));
  writeEntries(xml, page, enc, q.get('fetch-owner') === 'true');
  sendXml(ctx.res, 200, xml.toString());
}
