import { AppError } from '@photocloud/kit';
import type { StoredPart } from '../blobs/multipart.ts';

/** S3's limits: parts of at least 5 MiB (the last excepted), at most 10,000 of them. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
/** Part URLs handed out at once: each batch asked for also keeps the upload alive (see `UploadStore.extend`). */
export const PART_URL_BATCH = 20;

const MIB = 1024 * 1024;

export interface PartPlan {
  partSize: number;
  partCount: number;
}

/** The configured part size, grown (in whole MiB) when the file would not fit in 10,000 parts. */
export function planParts(size: number, preferred: number): PartPlan {
  let partSize = Math.max(MIN_PART_BYTES, preferred);
  if (Math.ceil(size / partSize) > MAX_PARTS) partSize = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  return { partSize, partCount: Math.ceil(size / partSize) };
}

/** Bytes part `n` (1-based) must hold: the part size, the rest for the last one. */
export function partBytes(size: number, plan: PartPlan, n: number): number {
  return n < plan.partCount ? plan.partSize : size - plan.partSize * (plan.partCount - 1);
}

export function partNumbersFrom(first: number, plan: PartPlan, count = PART_URL_BATCH): number[] {
  const out: number[] = [];
  for (let n = first; n <= plan.partCount && out.length < count; n++) out.push(n);
  return out;
}

/**
 * The parts to complete with, in order, or why not: a missing part can still be sent (the upload
 * stays), a part of the wrong size means the file is not the one announced (`fatal`).
 */
export function checkParts(stored: StoredPart[], size: number, plan: PartPlan): { parts: StoredPart[] } | { error: AppError; fatal: boolean } {
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const missing: number[] = [];
  const parts: StoredPart[] = [];
  for (let n = 1; n <= plan.partCount; n++) {
    const p = byNumber.get(n);
    if (!p) missing.push(n);
    else parts.push(p);
  }
  if (missing.length > 0) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}…` : missing.join(', ');
    const message = `${missing.length === 1 ? 'Part' : 'Parts'} ${list} of ${plan.partCount} ${missing.length === 1 ? 'has' : 'have'} not been uploaded yet; upload ${missing.length === 1 ? 'it' : 'them'} and complete again.`;
    return { error: new AppError('UPLOAD_INCOMPLETE', { message }), fatal: false };
  }
  for (const p of parts) {
    const expected = partBytes(size, plan, p.partNumber);
    if (p.size !== expected) {
      return {
        error: new AppError('UPLOAD_INCOMPLETE', { message: `Part ${p.partNumber} holds ${p.size} bytes; ${expected} were expected. The upload was discarded: start it again.` }),
        fatal: true,
      };
    }
  }
  return { parts };
}
