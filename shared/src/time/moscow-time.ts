/**
 * WB speaks Moscow time (UTC+3, no daylight saving since 2014) and writes it without an offset:
 * "2022-03-04T18:08:31". These helpers turn such strings into the instants they denote and compute Moscow
 * calendar months, which is what assignments are keyed by.
 */

const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;
const WB_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses a WB date-time. Offset-less values are Moscow time; values with an offset or `Z` are taken as given.
 * WB's "no date" (`0001-01-01T00:00:00`) becomes `null`. Anything else malformed throws a RangeError naming it.
 *
 * @example
 * parseWbDateTime('2022-03-04T18:08:31')?.toISOString(); // '2022-03-04T15:08:31.000Z'
 */
export function parseWbDateTime(value: string): Date | null {
  if (value.startsWith('0001-01-01')) return null;
  if (HAS_OFFSET.test(value)) {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw new RangeError(`not a WB date-time: '${value}'`);
    return d;
  }
  const m = WB_LOCAL.exec(value);
  if (!m) throw new RangeError(`not a WB date-time: '${value}'`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - MOSCOW_OFFSET_MS;
  const date = new Date(utc);
  // Date.UTC rolls 2024-02-31 over into March; WB never sends that, so treat it as malformed.
  if (toMoscowParts(date).day !== Number(d)) throw new RangeError(`not a calendar date: '${value}'`);
  return date;
}

interface MoscowParts {
  year: number;
  month: number;
  day: number;
}

function toMoscowParts(date: Date): MoscowParts {
  const shifted = new Date(date.getTime() + MOSCOW_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The Moscow calendar date of an instant, `'YYYY-MM-DD'`. */
export function moscowDate(date: Date): string {
  const p = toMoscowParts(date);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The first day of the Moscow month an instant falls in, `'YYYY-MM-01'` (the form assignments store). */
export function moscowMonthStart(date: Date = new Date()): string {
  const p = toMoscowParts(date);
  return `${pad(p.year, 4)}-${pad(p.month)}-01`;
}

/** The instant the next Moscow month begins: when every "current month" cache must be dropped. */
export function nextMoscowMonthBoundary(date: Date = new Date()): Date {
  const p = toMoscowParts(date);
  return new Date(Date.UTC(p.year, p.month, 1) - MOSCOW_OFFSET_MS);
}

/**
 * Validates a month as people type it, `'YYYY-MM'` (or `'YYYY-MM-01'`), and returns `'YYYY-MM-01'`.
 *
 * @example
 * parseMonth('2026-11'); // '2026-11-01'
 */
export function parseMonth(value: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/.exec(value.trim());
  if (!m) throw new RangeError(`month must look like YYYY-MM (e.g. 2026-11), got '${value}'`);
  return `${m[1]}-${m[2]}-01`;
}
