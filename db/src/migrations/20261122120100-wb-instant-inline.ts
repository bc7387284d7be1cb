import { sql, type Kysely } from 'kysely';

/**
 * `wb_instant(text)` inlined. The first definition was `IMMUTABLE` over a body that casts text to
 * `timestamptz` (a `STABLE` cast: it reads the session's TimeZone and DateStyle), and PostgreSQL never inlines an
 * immutable SQL function whose body is not immutable: every row paid a SQL-function call per time column
 * (≈ 4 µs each, a quarter of the finance ingest's PostgreSQL time). Declared `STABLE`, which is what it is,
 * the planner substitutes the `CASE` into the calling query. Same results: NULL for NULL, '' and WB's
 * `0001-01-01…`; a `Z` or an offset after the time honoured; offset-less times, and dates alone (midnight), read as
 * Moscow time (+03:00, no DST). (The first definition took the day of a bare date, `2026-10-22`, for an offset.)
 * Nothing may index it (an index expression needs `IMMUTABLE`); callers use it in INSERT … SELECT only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION wb_instant(value text) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN value = '' OR value LIKE '0001-01-01%' THEN NULL
        WHEN value ~ '^\\d{4}-\\d\\d-\\d\\d$' THEN (value || ' 00:00:00+03:00')::timestamptz
        WHEN value ~ '\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*(Z|[+-]\\d\\d(:?\\d\\d)?)$' THEN value::timestamptz
        ELSE (value || '+03:00')::timestamptz
      END
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION wb_instant(value text) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN value IS NULL OR value = '' OR value LIKE '0001-01-01%' THEN NULL
        WHEN value ~ '(Z|[+-]\\d\\d(:?\\d\\d)?)$' THEN value::timestamptz
        ELSE (value || '+03:00')::timestamptz
      END
    $$
  `.execute(db);
}
