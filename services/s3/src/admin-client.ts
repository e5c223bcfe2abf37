import { createHash } from 'node:crypto';
import { signRequest } from '@photocloud/sigv4';

export interface AdminClientOptions {
  /** Base URL of the S3 service, e.g. http://127.0.0.1:9000 */
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
}

export interface AccessKeyInfo {
  accessKeyId: string;
  owner: string;
  description: string;
  createdAt: string;
  policy: unknown;
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Client of the S3 key admin API (`/_admin/…`), signed with the root key. */
export class S3AdminClient {
  constructor(private readonly opts: AdminClientOptions) {}

  async #call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.opts.url);
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const signed = signRequest({
      method,
      url,
      headers,
      payloadHash: createHash('sha256').update(payload).digest('hex'),
      region: this.opts.region ?? 'us-east-1',
      service: 's3',
      accessKeyId: this.opts.accessKeyId,
      secretAccessKey: this.opts.secretAccessKey,
      now: Date.now(),
    });
    const res = await fetch(url, { method, headers: { ...headers, ...signed }, ...(body !== undefined && { body: payload }) });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    if (!res.ok) {
      const err = (json?.error ?? {}) as { code?: string; message?: string };
      throw new AdminApiError(res.status, err.code ?? String(res.status), err.message ?? res.statusText);
    }
    return json;
  }

  async createKey(input: { owner: string; policy: unknown; description?: string }): Promise<AccessKeyInfo & { secretAccessKey: string }> {
    return (await this.#call('POST', '/_admin/keys', input)) as AccessKeyInfo & { secretAccessKey: string };
  }

  async listKeys(owner?: string): Promise<AccessKeyInfo[]> {
    const q = owner === undefined ? '' : `?owner=${encodeURIComponent(owner)}`;
    return ((await this.#call('GET', `/_admin/keys${q}`)) as { keys: AccessKeyInfo[] }).keys;
  }

  async revokeKey(accessKeyId: string): Promise<void> {
    await this.#call('DELETE', `/_admin/keys/${encodeURIComponent(accessKeyId)}`);
  }

  /** Temporary credentials of `principal` issued until now stop working. */
  async revokeSessions(principal: string): Promise<void> {
    await this.#call('POST', `/_admin/principals/${encodeURIComponent(principal)}/revoke-sessions`);
  }
}
