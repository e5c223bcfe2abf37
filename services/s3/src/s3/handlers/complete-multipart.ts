import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../checksums.ts';
import type { S3Context } from '../context.ts';
import { S3Error } from '../errors.ts';
import { compositeChecksum, composeAndCommit, MAX_PART_NUMBER, MIN_PART_SIZE, multipartEtag, requireUpload } from '../multipart.ts';
import type { ContentHeaders } from '../object-headers.ts';
import { readSmallBody } from '../request-body.ts';
import { sendXml } from '../respond.ts';
import { precheckWriteCondition, readWriteCondition } from '../store-object.ts';
import { XmlWriter } from '../xml.ts';
import type { PartMeta } from '../../store/multipart.store.ts';

const parser = new XMLParser({ parseTagValue: false, removeNSPrefix: true, ignoreAttributes: true, htmlEntities: true, isArray: (name) => name === 'Part' });

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

export function parseCompleteBody(body: string): RequestedPart[] {
  if (body.trim() === '' || XMLValidator.validate(body) !== true) throw new S3Error('MalformedXML');
  const doc = parser.parse(body) as { CompleteMultipartUpload?: { Part?: Array<Record<string, unknown>> } };
  const parts = doc.CompleteMultipartUpload?.Part;
  if (!Array.isArray(parts) || parts.length === 0 || parts.length > MAX_PART_NUMBER) throw new S3Error('MalformedXML');
  return parts.map((p) => {
    const n = typeof p.PartNumber === 'string' && /^\d{1,5}$/.test(p.PartNumber.trim()) ? Number(p.PartNumber) : NaN;
    if (!(n >= 1 && n <= MAX_PART_NUMBER) || typeof p.ETag !== 'string') throw new S3Error('MalformedXML');
    const checksums: RequestedPart['checksums'] = {};
    for (const alg of CHECKSUM_ALGORITHMS) {
      const v = p[`Checksum${alg}`];
      if (typeof v === 'string') checksums[alg] = v.trim();
    }
    return { partNumber: n, etag: p.ETag.trim().replace(/^"|"$/g, ''), checksums };
  });
}

const invalidPart = (n: number): S3Error =>
  new S3Error('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part\'s entity tag.', { fields: { PartNumber: String(n) } });

/**
 * CompleteMultipartUpload: parts in ascending order, each uploaded with the given ETag (and
 * checksum), all but the last at least 5 MiB; honours If-None-Match: * / If-Match like PutObject.
 */
export async function completeMultipartUpload(ctx: S3Context, ep: { bucket: string; key: string; query: URLSearchParams }): Promise<void> {
  const condition = readWriteCondition(ctx.req.headers);
  const upload = await requireUpload(ctx, ep.bucket, ep.key, ep.query.get('uploadId'));
  const requested = parseCompleteBody((await readSmallBody(ctx, 4 * 1024 * 1024)).toString('utf8'));
  for (let i = 1; i < requested.length; i++) {
    if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
  }
  const stored = new Map((await ctx.deps.uploads.listParts(upload.uploadId, 0, MAX_PART_NUMBER)).map((p) => [p.partNumber, p]));
  const alg = upload.checksumAlgorithm as ChecksumAlgorithm | null;
  const parts: PartMeta[] = requested.map((r) => {
    const p = stored.get(r.partNumber);
    if (!p || p.etag !== r.etag) throw invalidPart(r.partNumber);
    for (const [a, v] of Object.entries(r.checksums)) if (p.checksums[a] !== v) throw invalidPart(r.partNumber);
    if (alg && upload.checksumType === 'COMPOSITE' && p.checksums[alg] === undefined) throw invalidPart(r.partNumber);
    return p;
  });
  parts.forEach((p, i) => {
    if (i < parts.length - 1 && p.size < MIN_PART_SIZE) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        fields: { ProposedSize: String(p.size), MinSizeAllowed: String(MIN_PART_SIZE), PartNumber: String(p.partNumber), ETag: `"${p.etag}"` },
      });
    }
  });
  if (condition) precheckWriteCondition(condition, await ctx.deps.meta.getObject(ep.bucket, ep.key), ep.key);
  const headers = JSON.parse(upload.headers) as ContentHeaders;
  const composite: Record<string, string> = {};
  if (alg && upload.checksumType === 'COMPOSITE') composite[alg] = compositeChecksum(alg, parts.map((p) => p.checksums[alg]!));
  const row = await composeAndCommit(
    ctx,
    upload,
    parts,
    (blobId, full) => ({
      bucket: ep.bucket,
      key: ep.key,
      size: parts.reduce((n, p) => n + p.size, 0),
      etag: multipartEtag(parts),
      checksums: { ...composite, ...full },
      ...headers,
      lastModified: new Date().toISOString(),
      blobId,
      owner: upload.owner,
    }),
    condition,
  );
  const host = ctx.req.headers.host ?? 'localhost';
  const xml = new XmlWriter('CompleteMultipartUploadResult')
    .leaf('Location', `http://${host}/${ep.bucket}/${encodeURI(ep.key)}`)
    .leaf('Bucket', ep.bucket)
    .leaf('Key', ep.key)
    .leaf('ETag', `"${row.etag}"`);
  for (const [a, v] of Object.entries(row.checksums)) xml.leaf(`Checksum${a}`, v);
  if (alg) xml.leaf('ChecksumType', upload.checksumType);
  sendXml(ctx.res, 200, xml.toString());
}
