import type { S3Context } from '../context.ts';
import { S3Error } from '../errors.ts';
import { requireBucket } from '../lookup.ts';
import { MAX_PART_NUMBER, requireUpload } from '../multipart.ts';
import { sendXml } from '../respond.ts';
import { XmlWriter } from '../xml.ts';

function intParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw)) {
    throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, { fields: { ArgumentName: name, ArgumentValue: raw } });
  }
  return Math.min(Number(raw), max);
}

function owner(xml: XmlWriter, tag: string, id: string): void {
  xml.open(tag).leaf('ID', id).leaf('DisplayName', id).close(tag);
}

/** ListParts: part-number-marker and max-parts (≤ 1000). */
export async function listParts(ctx: S3Context, ep: { bucket: string; key: string; query: URLSearchParams }): Promise<void> {
  const upload = await requireUpload(ctx, ep.bucket, ep.key, ep.query.get('uploadId'));
  const maxParts = intParam(ep.query, 'max-parts', 1000, 1000);
  const marker = intParam(ep.query, 'part-number-marker', 0, MAX_PART_NUMBER);
  const rows = await ctx.deps.uploads.listParts(upload.uploadId, marker, maxParts + 1);
  const truncated = rows.length > maxParts;
  const parts = rows.slice(0, maxParts);
  const xml = new XmlWriter('ListPartsResult').leaf('Bucket', ep.bucket).leaf('Key', ep.key).leaf('UploadId', upload.uploadId);
  owner(xml, 'Initiator', upload.owner);
  owner(xml, 'Owner', upload.owner);
  xml.leaf('StorageClass', 'STANDARD').leaf('PartNumberMarker', marker);
  if (truncated) xml.leaf('NextPartNumberMarker', parts[parts.length - 1]!.partNumber);
  xml.leaf('MaxParts', maxParts).leaf('IsTruncated', truncated);
  if (upload.checksumAlgorithm) xml.leaf('ChecksumAlgorithm', upload.checksumAlgorithm).leaf('ChecksumType', upload.checksumType);
  for (const p of parts) {
    xml.open('Part').leaf('PartNumber', p.partNumber).leaf('LastModified', p.lastModified).leaf('ETag', `"${p.etag}"`).leaf('Size', p.size);
    for (const [a, v] of Object.entries(p.checksums)) xml.leaf(`Checksum${a}`, v);
    xml.close('Part');
  }
  sendXml(ctx.res, 200, xml.toString());
}

/** ListMultipartUploads: prefix, key-marker, upload-id-marker, max-uploads (≤ 1000). */
export async function listMultipartUploads(ctx: S3Context, ep: { bucket: string; query: URLSearchParams }): Promise<void> {
  await requireBucket(ctx, ep.bucket);
  const q = ep.query;
  if (q.has('delimiter')) throw new S3Error('NotImplemented', 'ListMultipartUploads with a delimiter is not implemented.');
  const maxUploads = intParam(q, 'max-uploads', 1000, 1000);
  const prefix = q.get('prefix') ?? '';
  const keyMarker = q.get('key-marker') || undefined;
  const uploadIdMarker = (keyMarker && q.get('upload-id-marker')) || undefined;
  const rows = await ctx.deps.uploads.listUploads({
    bucket: ep.bucket,
    prefix,
    limit: maxUploads + 1,
    ...(keyMarker !== undefined && { keyMarker }),
    ...(uploadIdMarker !== undefined && { uploadIdMarker }),
  });
  const truncated = rows.length > maxUploads;
  const uploads = rows.slice(0, maxUploads);
  const last = uploads[uploads.length - 1];
  const xml = new XmlWriter('ListMultipartUploadsResult')
    .leaf('Bucket', ep.bucket)
    .leaf('KeyMarker', keyMarker ?? '')
    .leaf('UploadIdMarker', uploadIdMarker ?? '')
    .leaf('NextKeyMarker', truncated ? last!.key : '')
    .leaf('NextUploadIdMarker', truncated ? last!.uploadId : '')
    .leaf('Prefix', prefix)
    .leaf('MaxUploads', maxUploads)
    .leaf('IsTruncated', truncated);
  for (const u of uploads) {
    xml.open('Upload').leaf('Key', u.key).leaf('UploadId', u.uploadId);
    owner(xml, 'Initiator', u.owner);
    owner(xml, 'Owner', u.owner);
    xml.leaf('StorageClass', 'STANDARD').leaf('Initiated', u.createdAt);
    if (u.checksumAlgorithm) xml.leaf('ChecksumAlgorithm', u.checksumAlgorithm).leaf('ChecksumType', u.checksumType);
    xml.close('Upload');
  }
  sendXml(ctx.res, 200, xml.toString());
}
