import type { DirectUpload, UploadResult } from '@photocloud/contracts';
import { ApiError, errorFromBody } from './errors.ts';
import type { HttpClient } from './http.ts';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one file through the API (`POST /media/upload`, multipart). In a browser it goes through
 * XMLHttpRequest, the only API that reports upload progress; elsewhere through fetch.
 */
export async function uploadFile(http: HttpClient, file: Blob, name: string, onProgress?: (p: UploadProgress) => void, signal?: AbortSignal): Promise<UploadResult> {
  const form = () => {
    const data = new FormData();
    data.append('file', file, name);
    return data;
  };
  const opts = { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) };
  let res = await send('POST', http.url('/media/upload'), http.headers(), form(), file.size, true, opts);
  if (res.status === 401 && (await http.refresh().catch(() => null))) res = await send('POST', http.url('/media/upload'), http.headers(), form(), file.size, true, opts);
  if (res.status < 200 || res.status >= 300) throw errorFromBody(res.status, parseJson(res.text));
  // `{ items: [ UploadResult | { filename, error } ] }`, one slot per file sent.
  const first = (parseJson(res.text) as { items?: Array<UploadResult | { error: { code: string; message: string } }> } | null)?.items?.[0];
  if (first && 'error' in first) throw new ApiError(first.error.code, first.error.message, res.status);
  if (!first || !('media' in first)) throw new ApiError('BAD_RESPONSE', 'The upload answer has no media.', res.status);
  return first;
}

/**
 * The bandwidth-free path: the gallery presigns a PUT, the bytes go straight to S3, then the gallery
 * checks the object and processes it. The S3 endpoint must accept the caller's origin (CORS) in a browser.
 */
export async function uploadDirect(http: HttpClient, file: Blob, name: string, sha256?: string, opts: UploadOptions = {}): Promise<UploadResult> {
  const ticket = await http.send<DirectUpload>('POST', '/uploads', {
    body: { filename: name, size: file.size, ...(sha256 ? { sha256 } : {}), ...(file.type ? { contentType: file.type } : {}) },
  });
  const res = await send(ticket.method, ticket.url, ticket.headers, file, file.size, false, opts);
  if (res.status < 200 || res.status >= 300) {
    // S3 answers XML: `<Error><Code>…</Code><Message>…</Message></Error>`.
    const code = /<Code>([^<]+)<\/Code>/.exec(res.text)?.[1] ?? 'UPSTREAM_FAILED';
    const message = /<Message>([^<]+)<\/Message>/.exec(res.text)?.[1] ?? `The storage answered ${res.status}.`;
    throw new ApiError(code, message, res.status);
  }
  return http.send<UploadResult>('POST', `/uploads/${encodeURIComponent(ticket.id)}/complete`);
}

interface RawAnswer {
  status: number;
  text: string;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function send(method: string, url: string, headers: Record<string, string>, body: Blob | FormData, size: number, credentials: boolean, opts: UploadOptions): Promise<RawAnswer> {
  return typeof XMLHttpRequest === 'function' ? viaXhr(method, url, headers, body, size, credentials, opts) : viaFetch(method, url, headers, body, credentials, opts.signal);
}

function viaXhr(method: string, url: string, headers: Record<string, string>, body: Blob | FormData, size: number, credentials: boolean, opts: UploadOptions): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = credentials;
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : size });
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError('NETWORK', 'The upload was interrupted.', 0));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

async function viaFetch(method: string, url: string, headers: Record<string, string>, body: Blob | FormData, credentials: boolean, signal?: AbortSignal): Promise<RawAnswer> {
  try {
    const res = await fetch(url, { method, headers, body, credentials: credentials ? 'include' : 'omit', ...(signal ? { signal } : {}) });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 'The upload was interrupted.', 0);
  }
}
