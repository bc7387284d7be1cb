/**
 * Exact sums of WB's ruble amounts (JSON numbers with at most two decimals): each amount becomes whole kopecks
 * before adding, so 0.1 + 0.2 is 0.30, never 0.30000000000000004.
 */
export function kopecks(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : 0;
}

export function sumRub<T>(rows: readonly T[], pick: (row: T) => unknown): number {
  let k = 0;
  for (const r of rows) k += kopecks(pick(r));
  return k / 100;
}

export function sumInt<T>(rows: readonly T[], pick: (row: T) => unknown): number {
  let n = 0;
  for (const r of rows) {
    const v = pick(r);
    if (typeof v === 'number' && Number.isFinite(v)) n += v;
  }
  return n;
}
