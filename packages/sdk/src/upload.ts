import type { DirectMultipartUpload, DirectUpload, UploadPartUrls, UploadResult } from '@photocloud/contracts';
import { ApiError, errorFromBody, isApiError } from './errors.ts';
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

export interface DirectUploadOptions extends UploadOptions {
  /** Parts sent at once (default 3). */
  concurrency?: number;
  /** Tries per PUT (the whole file, or one part) before giving up (default 4). */
  attempts?: number;
  /** Called with the upload id once the server announced it (it can then be cancelled with `cancelDirectUpload`). */
  onCreated?: (uploadId: string) => void;
}

/**
 * The bandwidth-free path: the gallery presigns a PUT (or, for a large file, one URL per part of an
 * S3 multipart upload), the bytes go straight to S3, then the gallery checks the object and processes it.
 * Parts go a few at a time, each retried with backoff on a network error, a 5xx or an expired URL
 * (with a fresh URL). Aborting through `signal`, or failing for good, cancels the upload on the server.
 * In a browser the S3 endpoint must accept the page's origin (the gallery sets that CORS rule).
 */
export async function uploadDirect(http: HttpClient, file: Blob, name: string, sha256?: string, opts: DirectUploadOptions = {}): Promise<UploadResult> {
  const signal = opts.signal;
  const ticket = await http.send<DirectUpload>('POST', '/uploads', {
    body: { filename: name, size: file.size, ...(sha256 ? { sha256 } : {}), ...(file.type ? { contentType: file.type } : {}) },
    ...(signal ? { signal } : {}),
  });
  opts.onCreated?.(ticket.id);
  try {
    if (ticket.method === 'PUT') await putWithRetries(() => Promise.resolve(ticket), file, opts, (loaded) => opts.onProgress?.({ loaded, total: file.size }));
    else await sendParts(http, ticket, file, opts);
    signal?.throwIfAborted();
  } catch (err) {
    // Nothing half-sent is left to wait for the expiry sweep (and the announced bytes stop counting against the quota).
    await cancelDirectUpload(http, ticket.id).catch(() => undefined);
    throw err;
  }
  return http.send<UploadResult>('POST', `/uploads/${encodeURIComponent(ticket.id)}/complete`, signal ? { signal } : {});
}

/** Cancels a direct upload: S3 drops its parts or object. Cancelling twice is fine. */
export async function cancelDirectUpload(http: HttpClient, uploadId: string): Promise<void> {
  await http.send<void>('DELETE', `/uploads/${encodeURIComponent(uploadId)}`);
}

/** Parts of a multipart upload, `concurrency` at a time, progress summed over all of them. */
async function sendParts(http: HttpClient, ticket: DirectMultipartUpload, file: Blob, opts: DirectUploadOptions): Promise<void> {
  const urls = new Map(ticket.parts.map((p) => [p.partNumber, p.url]));
  const loaded = new Map<number, number>();
  const report = () => opts.onProgress?.({ loaded: [...loaded.values()].reduce((a, b) => a + b, 0), total: file.size });
  let fetching: Promise<void> | null = null;
  const fetchUrls = async (numbers: number[]) => {
    const fresh = await http.send<UploadPartUrls>('POST', `/uploads/${encodeURIComponent(ticket.id)}/parts`, { body: { partNumbers: numbers }, signal: stop.signal });
    for (const p of fresh.parts) urls.set(p.partNumber, p.url);
  };
  /** The URL of part n: the one known, or the next batch (one request at a time), or a fresh one after a failure. */
  const urlFor = async (n: number, fresh: boolean): Promise<string> => {
    if (fresh) await fetchUrls([n]);
    while (!urls.has(n)) {
      fetching ??= fetchUrls(range(n, Math.min(ticket.partCount, n + URL_BATCH - 1)).filter((m) => !urls.has(m))).finally(() => (fetching = null));
      await fetching;
    }
    return urls.get(n)!;
  };
  // One part failing for good stops the others at once (the upload is then cancelled).
  const stop = new AbortController();
  const outer = opts.signal;
  const forward = () => stop.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  const partOpts = { ...opts, signal: stop.signal };
  let next = 1;
  const worker = async () => {
    while (next <= ticket.partCount && !stop.signal.aborted) {
      const n = next++;
      const body = file.slice((n - 1) * ticket.partSize, Math.min(file.size, n * ticket.partSize));
      let attempt = 0;
      try {
        await putWithRetries(
          async () => ({ url: await urlFor(n, attempt++ > 0), headers: {} }),
          body,
          partOpts,
          (bytes) => {
            loaded.set(n, bytes);
            report();
          },
        );
      } catch (err) {
        stop.abort(err);
        throw err;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 3, ticket.partCount) }, worker));
  } finally {
    outer?.removeEventListener('abort', forward);
  }
}

/** Parts whose URLs are asked for at once (the server hands out at most 100). */
const URL_BATCH = 20;

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** One PUT to S3, tried again (with a fresh target from `target`) on what a retry can fix. */
async function putWithRetries(
  target: () => Promise<{ url: string; headers: Record<string, string> }>,
  body: Blob,
  opts: DirectUploadOptions,
  onLoaded: (bytes: number) => void,
): Promise<void> {
  const attempts = Math.max(1, opts.attempts ?? 4);
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    let error: ApiError;
    try {
      const { url, headers } = await target();
      const res = await send('PUT', url, headers, body, body.size, false, { signal: opts.signal, onProgress: (p) => onLoaded(p.loaded) });
      if (res.status >= 200 && res.status < 300) {
        onLoaded(body.size);
        return;
      }
      error = s3Error(res);
    } catch (err) {
      if (!isApiError(err) || (err.code !== 'NETWORK' && err.status < 500 && err.status !== 429)) throw err;
      error = err;
    }
    onLoaded(0);
    if (attempt >= attempts || !retryable(error)) throw error;
    await sleep(Math.min(8000, 400 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2), opts.signal);
  }
}

/** Network failures, S3 being busy or failing, and an expired or refused signature (a fresh URL may fix it). */
function retryable(err: ApiError): boolean {
  return err.code === 'NETWORK' || err.status >= 500 || err.status === 429 || err.status === 408 || err.status === 403 || err.code === 'RequestTimeout';
}

/** S3 answers XML: `<Error><Code>…</Code><Message>…</Message></Error>`. */
function s3Error(res: RawAnswer): ApiError {
  const code = /<Code>([^<]+)<\/Code>/.exec(res.text)?.[1] ?? 'UPSTREAM_FAILED';
  const message = /<Message>([^<]+)<\/Message>/.exec(res.text)?.[1] ?? `The storage answered ${res.status}.`;
  return new ApiError(code, message, res.status);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason ?? new DOMException('Upload cancelled', 'AbortError'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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
    const onAbort = () => xhr.abort();
    const settle = <T,>(fn: (v: T) => void, v: T) => {
      opts.signal?.removeEventListener('abort', onAbort);
      fn(v);
    };
    xhr.onload = () => settle(resolve, { status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => settle(reject, new ApiError('NETWORK', 'The upload was interrupted.', 0));
    xhr.onabort = () => settle(reject, new DOMException('Upload cancelled', 'AbortError'));
    if (opts.signal?.aborted) return void reject(new DOMException('Upload cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
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
