/** "The library changed" (upload finished, media trashed or restored): lists reload their first page. */
const listeners = new Set<() => void>();

export function onLibraryChange(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function notifyLibraryChange(): void {
  listeners.forEach((l) => l());
}

/** The ids the viewer steps through with ←/→: the list the photo was opened from. */
let sequence: string[] = [];

export function setViewerSequence(ids: string[]): void {
  sequence = ids;
}

export function neighbours(id: string): { prev?: string; next?: string } {
  const i = sequence.indexOf(id);
  if (i < 0) return {};
  return { ...(i > 0 ? { prev: sequence[i - 1] } : {}), ...(i < sequence.length - 1 ? { next: sequence[i + 1] } : {}) };
}
