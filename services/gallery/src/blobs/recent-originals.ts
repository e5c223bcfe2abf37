/**
 * Originals just received through the API, kept briefly in memory so the processing job that
 * follows can skip reading them back from S3. Bounded by bytes (oldest dropped first); a miss
 * (restart, another instance, eviction) simply means the job reads from S3 as usual.
 */
export class RecentOriginals {
  readonly #entries = new Map<string, { body: Buffer; metadata: Record<string, string> }>();
  #bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  put(mediaId: string, body: Buffer, metadata: Record<string, string>): void {
    if (body.length > this.maxBytes) return;
    this.take(mediaId);
    this.#entries.set(mediaId, { body, metadata });
    this.#bytes += body.length;
    for (const [id, e] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(id);
      this.#bytes -= e.body.length;
    }
  }

  /** Removes and returns the entry: each original is handed over once. */
  take(mediaId: string): { body: Buffer; metadata: Record<string, string> } | undefined {
    const e = this.#entries.get(mediaId);
    if (!e) return undefined;
    this.#entries.delete(mediaId);
    this.#bytes -= e.body.length;
    return e;
  }
}
