import { once } from 'node:events';
import type { Readable } from 'node:stream';
import archiver from 'archiver';
import type { SharedMediaRow } from '../stores/share.store.ts';
import type { SharedOriginal } from './share-original.ts';

const PAGE = 200;

/**
 * Streams a ZIP of the share's originals: one S3 read at a time, each piped into the archive as it
 * arrives, nothing written to disk. Entries are stored, not deflated (photos and videos are already
 * compressed). A file that cannot be offered (location not removable) is left out.
 */
export function zipShare(page: (offset: number, limit: number) => Promise<SharedMediaRow[]>, open: (row: SharedMediaRow) => Promise<SharedOriginal | null>): Readable {
  const archive = archiver('zip', { store: true, forceZip64: false });
  const names = new Set<string>();
  const fill = async (): Promise<void> => {
    for (let offset = 0; ; offset += PAGE) {
      const rows = await page(offset, PAGE);
      for (const row of rows) {
        const file = await open(row);
        if (!file) continue;
        const entry = once(archive, 'entry');
        archive.append(file.stream, { name: uniqueName(names, file.filename), date: new Date(row.takenAt) });
        await entry;
      }
      if (rows.length < PAGE) break;
    }
    await archive.finalize();
  };
  fill().catch((err: Error) => archive.destroy(err));
  return archive;
}

/** `a.jpg`, then `a (2).jpg`, … so two files of the same name both survive in the archive. */
function uniqueName(taken: Set<string>, name: string): string {
  const safe = name.replace(/[\\/]+/g, '_').replace(/^\.+/, '_') || 'file';
  let candidate = safe;
  const dot = safe.lastIndexOf('.');
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    candidate = dot > 0 ? `${safe.slice(0, dot)} (${n})${safe.slice(dot)}` : `${safe} (${n})`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}
