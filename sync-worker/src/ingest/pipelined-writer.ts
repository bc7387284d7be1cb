/**
 * Overlaps reading WB's answer with writing it: the next batch is split (our CPU) while PostgreSQL stores the
 * previous one (its CPU). At most `depth` writes are queued on the transaction's connection, so memory stays
 * bounded by `depth` batches. `drain()` waits for every write and rethrows the first failure.
 *
 * @example
 * const w = pipelinedWriter<number>(2);
 * for await (const b of batches) await w.push(() => upsert(trx, b.json));
 * const written = (await w.drain()).reduce((a, n) => a + n, 0);
 */
export function pipelinedWriter<T>(depth: number) {
  const inFlight = new Set<Promise<T>>();
  const results: T[] = [];
  let failure: unknown;
  return {
    async push(write: () => Promise<T>): Promise<void> {
      if (failure !== undefined) throw asError(failure);
      const p: Promise<T> = write();
      inFlight.add(p);
      p.then(
        (r) => {
          results.push(r);
          inFlight.delete(p);
        },
        (err: unknown) => {
          failure ??= err;
          inFlight.delete(p);
        },
      );
      while (inFlight.size >= depth) await Promise.race(inFlight).catch(() => undefined);
      if (failure !== undefined) throw asError(failure);
    },
    async drain(): Promise<T[]> {
      await Promise.allSettled([...inFlight]);
      if (failure !== undefined) throw asError(failure);
      return results;
    },
  };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error('a batch write failed', { cause: err });
}
