import type { UploadResult } from '@photocloud/contracts';
import { ApiError, errorFromBody } from './errors.ts';
import type { HttpClient } from './http.ts';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Uploads one file through `POST /media/upload` (multipart). In a browser it goes through
 * XMLHttpRequest, the only API that reports upload progress; elsewhere through fetch.
 */
export async function uploadFile(
  http: HttpClient,
  file: Blob,
  name: string,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  const once = () => (typeof XMLHttpRequest === 'function' ? viaXhr(http, file, name, onProgress, signal) : viaFetch(http, file, name, signal));
  let res = await once();
  if (res.status === 401 && (await http.refresh().catch(() => null))) res = await once();
  if (res.status < 200 || res.status >= 300) throw errorFromBody(res.status, res.body);
  // `{ items: [ UploadResult | { filename, error } ] }`, one slot per file sent.
  const first = (res.body as { items?: Array<UploadResult | { error: { code: string; message: string } }> } | null)?.items?.[0];
  if (first && 'error' in first) throw new ApiError(first.error.code, first.error.message, res.status);
  if (!first || !('media' in first)) throw new ApiError('BAD_RESPONSE', 'The upload answer has no media.', res.status);
  return first;
}

interface RawAnswer {
  status: number;
  body: unknown;
}

function form(file: Blob, name: string): FormData {
  const data = new FormData();
  data.append('file', file, name);
  return data;
}

function viaXhr(http: HttpClient, file: Blob, name: string, onProgress?: (p: UploadProgress) => void, signal?: AbortSignal): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', http.url('/media/upload'));
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(http.headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', 'The upload was interrupted.', 0));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form(file, name));
  });
}

async function viaFetch(http: HttpClient, file: Blob, name: string, signal?: AbortSignal): Promise<RawAnswer> {
  let res: Response;
  try {
    res = await fetch(http.url('/media/upload'), { method: 'POST', headers: http.headers(), body: form(file, name), ...(signal ? { signal } : {}) });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 'The upload was interrupted.', 0);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body };
}
