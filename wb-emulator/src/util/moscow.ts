/**
 * Moscow calendar arithmetic for generated data. A "day number" counts Moscow calendar days since
 * 1970-01-01 (Moscow is UTC+3 all year), so a day's data can be keyed by an integer.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
const MOSCOW_OFFSET_MS = 3 * HOUR_MS;

/** The Moscow day number an instant falls in. */
export function moscowDayNo(ms: number): number {
  return Math.floor((ms + MOSCOW_OFFSET_MS) / DAY_MS);
}

/** The instant a Moscow day begins. */
export function dayStartMs(dayNo: number): number {
  return dayNo * DAY_MS - MOSCOW_OFFSET_MS;
}

/** The Monday (day number) of the Moscow week a day falls in. 1970-01-05 (day 4) was a Monday. */
export function weekStartDayNo(dayNo: number): number {
  return dayNo - ((((dayNo - 4) % 7) + 7) % 7);
}

/** Day of the week, 0 = Monday … 6 = Sunday. */
export function weekday(dayNo: number): number {
  return (((dayNo - 4) % 7) + 7) % 7;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `'YYYY-MM-DD'` of a Moscow day number. */
export function dayNoToDate(dayNo: number): string {
  const d = new Date(dayNo * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The day number of a `'YYYY-MM-DD'` Moscow date. */
export function dateToDayNo(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: '${date}'`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/**
 * WB's offset-less Moscow local time, `'2022-03-04T18:08:31'`; with `fraction` the milliseconds are kept
 * (`'2022-03-04T18:08:31.123'`), as WB sometimes sends.
 */
export function moscowLocal(ms: number, fraction = false): string {
  const d = new Date(ms + MOSCOW_OFFSET_MS);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return fraction ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base;
}

/** RFC 3339 with the Moscow offset, `'2024-09-26T10:20:48+03:00'` (feedbacks, adverts). */
export function moscowWithOffset(ms: number): string {
  return `${moscowLocal(ms)}+03:00`;
}

/** UTC with `Z` and no fraction, `'2026-03-14T09:00:00Z'` (finance-api date-times, problem timestamps). */
export function utcSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Truncates an instant to whole seconds (WB's `lastChangeDate` precision). */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
