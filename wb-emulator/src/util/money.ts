/**
 * Money is kept in integer kopecks everywhere inside the emulator (exact; sums stay below 2^53), and only
 * formatted at the edge: finance-api sends strings ("376.99", "367"), statistics sends JSON numbers
 * (1284.01), and the truth endpoint reports exact decimal strings with two places.
 */

/** Rubles (possibly fractional, as a float from a generator) to whole kopecks. */
export function rub(value: number): number {
  return Math.round(value * 100);
}

/** Kopecks × percent / 100, rounded half away from zero to whole kopecks. */
export function percentOf(kopecks: number, percent: number): number {
  const v = (kopecks * percent) / 100;
  return Math.sign(v) * Math.round(Math.abs(v));
}

/**
 * WB's string form: no trailing zeros, no exponent.
 *
 * @example
 * wbMoneyString(36700); // '367'
 * wbMoneyString(36750); // '367.5'
 * wbMoneyString(-5);    // '-0.05'
 */
export function wbMoneyString(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`not whole kopecks: ${kopecks}`);
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  const rubles = Math.floor(abs / 100);
  const kop = abs % 100;
  if (kop === 0) return `${sign}${rubles}`;
  if (kop % 10 === 0) return `${sign}${rubles}.${kop / 10}`;
  return `${sign}${rubles}.${kop < 10 ? '0' : ''}${kop}`;
}

/**
 * Two decimal places, always (the truth's form).
 *
 * @example
 * fixedMoneyString(36750); // '367.50'
 */
export function fixedMoneyString(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`not whole kopecks: ${kopecks}`);
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  const rubles = Math.floor(abs / 100);
  const kop = abs % 100;
  return `${sign}${rubles}.${String(kop).padStart(2, '0')}`;
}

/** Statistics' JSON-number form (what `JSON.stringify` writes for kopecks / 100 is the exact decimal). */
export function wbMoneyNumber(kopecks: number): number {
  return kopecks / 100;
}
