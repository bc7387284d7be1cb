import { sql, type Kysely } from 'kysely';

/**
 * `wb_report_rows_stage`: scratch space for the finance ingest's parallel parse. Turning a finance row's text
 * into JSONB is most of what PostgreSQL spends on the ingest (≈ 40 µs of CPU per 2.2 KB row), and one
 * connection parses on one core. The worker therefore parses and extracts batches on other connections into
 * this table (autocommitted, tagged by a random `token`), while the page's one transaction moves them into
 * `wb_report_rows` and advances the cursor. A staged row is never read as data: until the move commits it
 * belongs to nobody, and the crash guarantees rest on the page transaction alone.
 *
 * UNLOGGED (no WAL, emptied by a server crash, which is harmless for scratch). No foreign key or check: the
 * move into `wb_report_rows` enforces them. `staged_at` lets the worker sweep batches a crashed worker left.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE wb_report_rows_stage (
      token uuid NOT NULL,
      staged_at timestamptz NOT NULL DEFAULT now(),
      account_id integer NOT NULL,
      rrd_id bigint NOT NULL,
      report_id numeric(20, 0) NOT NULL,
      period text NOT NULL,
      nm_id bigint,
      doc_type_name text,
      supplier_oper_name text,
      date_from date NOT NULL,
      date_to date NOT NULL,
      rr_date date,
      sale_dt timestamptz,
      order_dt timestamptz,
      quantity integer,
      retail_amount numeric,
      for_pay numeric,
      delivery_service numeric,
      paid_storage numeric,
      penalty numeric,
      deduction numeric,
      paid_acceptance numeric,
      additional_payment numeric,
      rebill_logistic_cost numeric,
      raw jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX wb_report_rows_stage_token_idx ON wb_report_rows_stage (token)`.execute(db);
  // Same compression as wb_report_rows.raw: the move copies the compressed value as it is.
  const lz4 = await sql<{ ok: boolean }>`
    SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`.execute(db);
  if (lz4.rows[0]?.ok)
    await sql`ALTER TABLE wb_report_rows_stage ALTER COLUMN raw SET COMPRESSION lz4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE wb_report_rows_stage`.execute(db);
}
