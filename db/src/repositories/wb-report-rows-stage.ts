import { sql } from 'kysely';
import type { Executor } from '../client.ts';
import { REPORT_ROW_COLUMNS, REPORT_ROW_ON_CONFLICT, reportRowValues } from './wb-report-rows-sql.ts';

/**
 * The finance ingest in two steps, so that the costly JSONB parse runs on several connections at once while
 * a page's rows and its cursor still commit in ONE transaction:
 * 1. {@link stageWbReportRows} (any connection, autocommit): parses a batch, extracts the typed columns and
 *    writes them to the UNLOGGED `wb_report_rows_stage` under a fresh `token`.
 * 2. {@link moveStagedWbReportRows} (the page's transaction): deletes the token's staged rows and upserts
 *    them into `wb_report_rows`; the compressed JSONB is copied as it is, nothing is parsed again.
 * Staged rows are scratch: a rollback of the page leaves them behind for {@link discardStagedWbReportRows} /
 * {@link sweepWbReportRowsStage}, never in `wb_report_rows`.
 *
 * @example
 * const token = randomUUID();
 * await stageWbReportRows(db, token, accountId, 'daily', batch.json); // on a pool connection
 * written += await moveStagedWbReportRows(trx, token);                // in the page transaction
 */
export async function stageWbReportRows(
  db: Executor,
  token: string,
  accountId: number,
  period: 'weekly' | 'daily',
  rowsJson: string | Buffer,
): Promise<number> {
  const r = await sql`
    INSERT INTO wb_report_rows_stage (token, ${REPORT_ROW_COLUMNS})
    SELECT ${token}::uuid, ${reportRowValues(accountId, period)}
    FROM jsonb_array_elements(${jsonbParam(rowsJson)}::jsonb) AS e`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

const JSONB_BINARY_V1 = Buffer.of(1);

/**
 * A JSON array's UTF-8 bytes go as a binary `jsonb` parameter: jsonb's binary wire format is a version byte
 * (1) and the JSON text, so Node neither decodes the bytes to a string nor encodes them back.
 */
function jsonbParam(rowsJson: string | Buffer): string | Buffer {
  return typeof rowsJson === 'string' ? rowsJson : Buffer.concat([JSONB_BINARY_V1, rowsJson]);
}

/** Moves one staged batch into `wb_report_rows` (dedupe by account + rrdId). Returns rows inserted or updated. */
export async function moveStagedWbReportRows(trx: Executor, token: string): Promise<number> {
  const r = await sql<{ n: string }>`
    WITH staged AS (
      DELETE FROM wb_report_rows_stage WHERE token = ${token}::uuid RETURNING ${REPORT_ROW_COLUMNS}
    ), ins AS (
      INSERT INTO wb_report_rows AS t (${REPORT_ROW_COLUMNS})
      SELECT ${REPORT_ROW_COLUMNS} FROM staged
      ${REPORT_ROW_ON_CONFLICT}
      RETURNING 1
    )
    SELECT count(*) AS n FROM ins`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/** Drops the staged rows of batches whose page was rolled back. */
export async function discardStagedWbReportRows(db: Executor, tokens: readonly string[]): Promise<void> {
  if (tokens.length === 0) return;
  await sql`DELETE FROM wb_report_rows_stage WHERE token = ANY(${[...tokens]}::uuid[])`.execute(db);
}

/** Drops batches staged longer ago than `olderThanMs` (a worker that died between staging and moving). */
export async function sweepWbReportRowsStage(db: Executor, olderThanMs: number): Promise<number> {
  const r = await sql`
    DELETE FROM wb_report_rows_stage
    WHERE staged_at < now() - make_interval(secs => ${olderThanMs / 1000})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
