import type { Logger } from '@photocloud/kit';
import type { BlobStore } from './blob.store.ts';
import type { MetaStore } from './meta.store.ts';
import type { MultipartStore } from './multipart.store.ts';

/**
 * Start-up cleanup after a crash: temp files are partial uploads; an 'upload' intent still present
 * means its commit never happened, so its blob (if it got renamed in) is unreferenced; a 'garbage'
 * intent is a replaced or deleted blob whose unlink may not have happened. Parts are blobs like
 * objects: a part row protects its blob the way an object row does.
 */
export async function recover(meta: MetaStore, uploads: MultipartStore, blobs: BlobStore, log: Logger): Promise<void> {
  const tmp = await blobs.clearTmp();
  const intents = await meta.listIntents();
  // In slices, so the IN lists stay far below the engines' parameter limits.
  for (let i = 0; i < intents.length; i += 500) {
    const slice = intents.slice(i, i + 500).map((x) => x.blobId);
    // Defensive: never unlink a blob a row still points at, whatever the intent says.
    const referenced = await meta.referencedBlobIds(slice);
    const parts = await uploads.referencedPartBlobIds(slice);
    for (const id of slice) if (!referenced.has(id) && !parts.has(id)) await blobs.remove(id);
    await meta.forgetIntents(slice);
  }
  if (tmp > 0 || intents.length > 0) log.info({ tmpFiles: tmp, intents: intents.length }, 'recovered from an unclean stop');
}
