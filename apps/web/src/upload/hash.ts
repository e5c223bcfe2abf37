import { createSHA256 } from 'hash-wasm';

/** Files up to this are hashed natively in one read, the fast way; larger ones are read in slices. */
const WHOLE_READ_MAX = 16 * 1024 * 1024;
const SLICE = 8 * 1024 * 1024;

/**
 * Hex SHA-256 of a file, holding at most 16 MiB of it in memory however big it is (a phone hashing
 * a few long videos at once must not run out). Large files stream through WebAssembly, which also
 * works where `crypto.subtle` does not (pages served over plain http on a home network).
 * Stops with the signal's reason when it is aborted.
 */
export async function sha256Hex(file: Blob, signal?: AbortSignal): Promise<string> {
  if (file.size <= WHOLE_READ_MAX && globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  const hasher = await createSHA256();
  for (let at = 0; at < file.size; at += SLICE) {
    signal?.throwIfAborted();
    hasher.update(new Uint8Array(await file.slice(at, at + SLICE).arrayBuffer()));
  }
  return hasher.digest('hex');
}
