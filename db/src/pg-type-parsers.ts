import pg from 'pg';

/**
 * How PostgreSQL values become JavaScript values, chosen on purpose rather than left to pg's defaults.
 *
 * - `int8` (bigint, count(*)) becomes a `number`, and a value beyond 2^53 throws instead of silently rounding.
 *   Columns that may exceed 2^53 (WB report ids) are `numeric(20,0)` and therefore strings.
 * - `numeric` stays a `string`: money is exact decimals, never floats.
 * - `date` stays a `'YYYY-MM-DD'` string, so a calendar date never shifts with the process time zone.
 * - `timestamptz` becomes a `Date` (an absolute instant).
 *
 * The parsers are attached per pool (the `types` option), never by mutating pg's global registry.
 *
 * @example
 * new pg.Pool({ connectionString, types: typeParsers });
 */
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === Number(pg.types.builtins.INT8)) return parseSafeInteger;
    if (oid === Number(pg.types.builtins.NUMERIC) || oid === Number(pg.types.builtins.DATE)) return identity;
    return (
      format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text')
    ) as (value: string) => unknown;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const identity = (value: string) => value;

/** Parses an int8 as a number, refusing values that a double cannot hold exactly. */
export function parseSafeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `int8 value ${value} exceeds Number.MAX_SAFE_INTEGER; use numeric(20,0) for this column`,
    );
  }
  return n;
}
