import type { ServerResponse } from 'node:http';
import { S3Error, isS3Error } from './errors.ts';
import { XmlWriter } from './xml.ts';

export function sendXml(res: ServerResponse, status: number, body: string): void {
  const buf = Buffer.from(body);
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': buf.length });
  res.end(buf);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

/** Any thrown value as an S3Error; unknown failures become InternalError without leaking details. */
export function toS3Error(err: unknown): S3Error {
  return isS3Error(err) ? err : new S3Error('InternalError');
}

/**
 * Writes the AWS XML error body (Code, Message, Resource, RequestId and extra fields).
 * HEAD requests and 304s carry no body, like S3.
 */
export function sendError(res: ServerResponse, err: S3Error, opts: { requestId: string; resource: string; head: boolean }): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(err.extra.headers ?? {})) res.setHeader(name, value);
  if (opts.head || err.status === 304) {
    res.writeHead(err.status);
    res.end();
    return;
  }
  const xml = new XmlWriter('Error', null)
    .leaf('Code', err.code)
    .leaf('Message', err.message)
    .leaf('Resource', err.extra.resource ?? opts.resource);
  for (const [name, value] of Object.entries(err.extra.fields ?? {})) xml.leaf(name, value);
  xml.leaf('RequestId', opts.requestId);
  sendXml(res, err.status, xml.toString());
}
