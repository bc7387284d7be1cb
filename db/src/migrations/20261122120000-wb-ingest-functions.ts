import { sql, type Kysely } from 'kysely';

/**
 * Helpers for the sync worker's set-based ingest: a page of WB rows arrives as one JSONB array and the keys are
 * extracted in SQL, so money strings become `numeric` without passing through a float and report ids beyond
 * 2^53 keep every digit.
 *
 * `wb_instant(text)`: WB's times. Offset-less times are Moscow time (UTC+3, no DST); a `Z` or an offset is
 * honoured; WB's "no date" (`0001-01-01…`) and empty strings are NULL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION wb_instant(value text) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN value IS NULL OR value = '' OR value LIKE '0001-01-01%' THEN NULL
        WHEN value ~ '(Z|[+-]\\d\\d(:?\\d\\d)?)$' THEN value::timestamptz
        ELSE (value || '+03:00')::timestamptz
      END
    $$
  `.execute(db);
  // Raw rows are ~2 KB of JSON each and get TOASTed: lz4 compresses several times faster than the default
  // pglz, which bounds bulk ingest. Only where the server was built with lz4 (the embedded one may not be).
  const lz4 = await sql<{ ok: boolean }>`
    SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`.execute(db);
  if (lz4.rows[0]?.ok) {
    for (const table of ['wb_orders', 'wb_sales', 'wb_report_rows', 'wb_stocks', 'wb_cards']) {
      await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN raw SET COMPRESSION lz4`.execute(db);
    }
  }
  // When the lease holder last said it is alive (the status page shows a stuck run).
  await sql`ALTER TABLE sync_state ADD COLUMN heartbeat_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sync_state DROP COLUMN heartbeat_at`.execute(db);
  for (const table of ['wb_orders', 'wb_sales', 'wb_report_rows', 'wb_stocks', 'wb_cards']) {
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN raw SET COMPRESSION pglz`.execute(db);
  }
  await sql`DROP FUNCTION wb_instant(text)`.execute(db);
}
