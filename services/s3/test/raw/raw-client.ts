import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { presignUrl, signRequest } from '@photocloud/sigv4';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent (already percent-encoded). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Signing: omit for an anonymous request. */
  sign?: { accessKeyId: string; secretAccessKey: string; now?: Date; payloadHash?: string };
}

export const sha256Hex = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
export const md5Base64 = (b: Buffer | string): string => createHash('md5').update(b).digest('base64');

/** Hand-made HTTP request to the server (node:http, no SDK), optionally SigV4-signed with the given clock. */
export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  const headers: Record<string, string> = { ...r.headers };
  if (body && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = String(body.length);
  if (r.sign) {
    const payloadHash = r.sign.payloadHash ?? sha256Hex(body ?? '');
    Object.assign(headers, signRequest({ ...r.sign, method: r.method, url: baseUrl + r.path, headers, payloadHash, region: 'us-east-1', service: 's3', now: r.sign.now ?? new Date() }));
  }
  return new Promise((resolve, reject) => {
    const base = new URL(baseUrl);
    // host/port/path options: the path goes out exactly as given, never normalized.
    const req = request({ host: base.hostname, port: base.port, path: r.path, method: r.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function presigned(baseUrl: string, path: string, key: { accessKeyId: string; secretAccessKey: string }, opts: { method?: string; now: Date; expiresSeconds: number }): string {
  return presignUrl({ ...key, method: opts.method ?? 'GET', url: baseUrl + path, region: 'us-east-1', expiresSeconds: opts.expiresSeconds, now: opts.now });
}

/** The <Code> of an S3 XML error body. */
export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}
