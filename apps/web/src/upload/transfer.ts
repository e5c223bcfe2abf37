import { isApiError, uploadDirect, uploadFile, type UploadProgress } from '@photocloud/sdk';
import type { UploadResult } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { isTransient } from './queue.ts';

/**
 * How files reach the library in this tab. `direct` (presigned URLs to S3, the server's bandwidth
 * spared) until the server refuses it (DIRECT_UPLOADS=false, or an older server without the route),
 * or until this browser turns out unable to reach the storage at all; then `api` (POST /media/upload).
 */
let mode: 'direct' | 'api' = 'direct';
/** A direct transfer went through once: a later network failure is the network, not an unreachable storage. */
let directWorked = false;

/** Whole-file tries after a transient failure (the SDK already retries each part a few times). */
const AUTO_RETRIES = 2;

export interface TransferOptions {
  hash?: string | undefined;
  signal: AbortSignal;
  onProgress(p: UploadProgress): void;
  /** Called before each automatic retry, with its number. */
  onRetry(n: number): void;
}

/** Uploads one file, retrying it on its own after a transient failure. */
export async function transfer(file: File, opts: TransferOptions): Promise<UploadResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await transferOnce(file, opts);
    } catch (err) {
      if (opts.signal.aborted || attempt >= AUTO_RETRIES || !isTransient(err)) throw err;
      opts.onRetry(attempt + 1);
      await wait(1000 * 2 ** attempt, opts.signal);
    }
  }
}

async function transferOnce(file: File, opts: TransferOptions): Promise<UploadResult> {
  const { signal, onProgress } = opts;
  if (mode === 'api') return uploadFile(api.http, file, file.name, onProgress, signal);
  let created = false;
  try {
    const result = await uploadDirect(api.http, file, file.name, opts.hash, { signal, onProgress, onCreated: () => (created = true) });
    directWorked = true;
    return result;
  } catch (err) {
    if (signal.aborted) throw err;
    const refused = !created && (isApiError(err, 'DIRECT_UPLOAD_UNAVAILABLE') || isApiError(err, 'ROUTE_NOT_FOUND') || isApiError(err, 'NOT_FOUND'));
    // The server answered (the upload was announced, then cancelled) but the storage never did: S3 is not reachable from here.
    const storageUnreachable = created && !directWorked && isApiError(err, 'NETWORK');
    if (!refused && !storageUnreachable) throw err;
    mode = 'api';
    onProgress({ loaded: 0, total: file.size });
    return uploadFile(api.http, file, file.name, onProgress, signal);
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
