/**
 * A light S3 load client: undici connection pool, every request signed with SigV4
 * (UNSIGNED-PAYLOAD, as clients over TLS commonly send), bodies from memory, responses drained.
 */
import { Pool } from 'undici';
import { UNSIGNED_PAYLOAD, signRequest, uriEncode } from '@photocloud/sigv4';

export interface Target {
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** Temporary credentials: sent as x-amz-security-token. */
  sessionToken?: string;
}

export class LightClient {
  readonly pool: Pool;
  constructor(
    private readonly target: Target,
    connections: number,
  ) {
    this.pool = new Pool(target.url, { connections, pipelining: 1, keepAliveTimeout: 30_000, bodyTimeout: 0, headersTimeout: 0 });
  }

  sign(method: string, path: string, extra: Record<string, string>): Record<string, string> {
    const signed = signRequest({
      method,
      url: this.target.url + path,
      headers: extra,
      payloadHash: UNSIGNED_PAYLOAD,
      accessKeyId: this.target.accessKeyId,
      secretAccessKey: this.target.secretAccessKey,
      ...(this.target.sessionToken !== undefined && { sessionToken: this.target.sessionToken }),
      region: 'us-east-1',
      service: 's3',
      now: Date.now(),
    });
    return { ...extra, ...signed };
  }

  path(key: string): string {
    return `/${this.target.bucket}/${uriEncode(key, false)}`;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.path(key);
    const headers = this.sign('PUT', path, { 'content-length': String(body.length) });
    const res = await this.pool.request({ method: 'PUT', path, headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`PUT ${key}: ${res.statusCode} ${text.slice(0, 300)}`);
  }

  /** Returns the number of bytes received. */
  async get(key: string): Promise<number> {
    const path = this.path(key);
    const res = await this.pool.request({ method: 'GET', path, headers: this.sign('GET', path, {}) });
    let n = 0;
    for await (const chunk of res.body) n += (chunk as Buffer).length;
    if (res.statusCode !== 200) throw new Error(`GET ${key}: ${res.statusCode}`);
    return n;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
