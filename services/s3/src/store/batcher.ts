/**
 * Group commit: calls made while a batch is being written wait and go together in the next one,
 * so many concurrent uploads share one database transaction (one WAL append on SQLite, one
 * commit flush on PostgreSQL) instead of paying for one each.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class Batcher<T, R> {
  #queue: Pending<T, R>[] = [];
  #draining = false;

  /** `run` returns one outcome per item, in order; a throw fails the whole batch. */
  constructor(
    private readonly run: (items: T[]) => Promise<Outcome<R>[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#draining) {
        this.#draining = true;
        // setImmediate: let the requests already read from sockets join this batch.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxBatch);
      try {
        const outcomes = await this.run(batch.map((p) => p.item));
        batch.forEach((p, i) => {
          const o = outcomes[i]!;
          if (o.ok) p.resolve(o.value);
          else p.reject(o.error);
        });
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#draining = false;
  }
}

/**
 * Runs `items` through `each` inside one `transaction`; if that transaction fails (one bad item
 * rolls back all), runs every item in a transaction of its own so only the bad one fails.
 */
export async function inOneTransaction<T, R, X>(
  items: T[],
  transaction: <V>(fn: (trx: X) => Promise<V>) => Promise<V>,
  each: (trx: X, item: T) => Promise<R>,
): Promise<Outcome<R>[]> {
  try {
    const values = await transaction(async (trx) => {
      const out: R[] = [];
      for (const item of items) out.push(await each(trx, item));
      return out;
    });
    return values.map((value) => ({ ok: true, value }));
  } catch (error) {
    if (items.length === 1) return [{ ok: false, error }];
    const outcomes: Outcome<R>[] = [];
    for (const item of items) {
      try {
        outcomes.push({ ok: true, value: await transaction((trx) => each(trx, item)) });
      } catch (err) {
        outcomes.push({ ok: false, error: err });
      }
    }
    return outcomes;
  }
}
