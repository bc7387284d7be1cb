import { sql } from 'kysely';
import type { Executor } from '../client.ts';
import { REPORT_ROW_COLUMNS, REPORT_ROW_ON_CONFLICT, reportRowValues } from './wb-report-rows-sql.ts';

/**
 * Set-based upserts of WB rows. Each takes one page batch as the text of a JSON array of rows exactly as WB
 * sent them (the sync worker splits WB's answer without re-serialising it), stores every row as JSONB in
 * `raw`, and extracts the natural key and indexed columns in SQL: money strings go straight to `numeric`,
 * report ids beyond 2^53 keep every digit, WB's offset-less times are read as Moscow time (`wb_instant`).
 * Natural keys dedupe; a row seen again replaces the stored one (orders and sales only when it is not older).
 * Returns the number of rows inserted or updated.
 */

const count = async (db: Executor, query: ReturnType<typeof sql<{ n: string }>>) =>
  Number((await query.execute(db)).rows[0]?.n ?? 0);

/** Statistics orders; key `srid`. */
export async function upsertWbOrders(db: Executor, accountId: number, rowsJson: string): Promise<number> {
  return count(
    db,
    sql<{ n: string }>`
      WITH src AS (
        SELECT DISTINCT ON (e->>'srid') e
        FROM jsonb_array_elements(${rowsJson}::jsonb) AS e
        ORDER BY e->>'srid', wb_instant(e->>'lastChangeDate') DESC
      ), ins AS (
        INSERT INTO wb_orders AS t (account_id, srid, nm_id, order_date, last_change_date, is_cancel, raw)
        SELECT ${accountId}, e->>'srid', (e->>'nmId')::bigint, wb_instant(e->>'date'),
               wb_instant(e->>'lastChangeDate'), coalesce((e->>'isCancel')::boolean, false), e
        FROM src
        ON CONFLICT (account_id, srid) DO UPDATE SET
          nm_id = excluded.nm_id, order_date = excluded.order_date, last_change_date = excluded.last_change_date,
          is_cancel = excluded.is_cancel, raw = excluded.raw, synced_at = now()
        WHERE t.last_change_date <= excluded.last_change_date
        RETURNING 1
      )
      SELECT count(*) AS n FROM ins`,
  );
}

/** Statistics sales and returns; key `saleID`. */
export async function upsertWbSales(db: Executor, accountId: number, rowsJson: string): Promise<number> {
  return count(
    db,
    sql<{ n: string }>`
      WITH src AS (
        SELECT DISTINCT ON (e->>'saleID') e
        FROM jsonb_array_elements(${rowsJson}::jsonb) AS e
        ORDER BY e->>'saleID', wb_instant(e->>'lastChangeDate') DESC
      ), ins AS (
        INSERT INTO wb_sales AS t (account_id, sale_id, srid, nm_id, sale_date, last_change_date, raw)
        SELECT ${accountId}, e->>'saleID', e->>'srid', (e->>'nmId')::bigint, wb_instant(e->>'date'),
               wb_instant(e->>'lastChangeDate'), e
        FROM src
        ON CONFLICT (account_id, sale_id) DO UPDATE SET
          srid = excluded.srid, nm_id = excluded.nm_id, sale_date = excluded.sale_date,
          last_change_date = excluded.last_change_date, raw = excluded.raw, synced_at = now()
        WHERE t.last_change_date <= excluded.last_change_date
        RETURNING 1
      )
      SELECT count(*) AS n FROM ins`,
  );
}

/**
 * Finance detailed report rows (camelCase, money as strings); key `rrdId`. `period` is the report period the
 * rows were requested with. Rows come unique and ascending by rrdId within a page, so no DISTINCT is needed.
 */
export async function upsertWbReportRows(
  db: Executor,
  accountId: number,
  period: 'weekly' | 'daily',
  rowsJson: string,
): Promise<number> {
  return count(
    db,
    sql<{ n: string }>`
      WITH ins AS (
        INSERT INTO wb_report_rows AS t (${REPORT_ROW_COLUMNS})
        SELECT ${reportRowValues(accountId, period)}
        FROM jsonb_array_elements(${rowsJson}::jsonb) AS e
        ${REPORT_ROW_ON_CONFLICT}
        RETURNING 1
      )
      SELECT count(*) AS n FROM ins`,
  );
}

/** seller-analytics stocks on WB warehouses at one snapshot; key snapshot + nmId + chrtId + warehouse. */
export async function upsertWbStocks(
  db: Executor,
  accountId: number,
  snapshotAt: Date,
  rowsJson: string,
): Promise<number> {
  return count(
    db,
    sql<{ n: string }>`
      WITH src AS (
        SELECT DISTINCT ON ((e->>'nmId')::bigint, (e->>'chrtId')::bigint, (e->>'warehouseId')::bigint) e
        FROM jsonb_array_elements(${rowsJson}::jsonb) AS e
        ORDER BY (e->>'nmId')::bigint, (e->>'chrtId')::bigint, (e->>'warehouseId')::bigint
      ), ins AS (
        INSERT INTO wb_stocks AS t (account_id, snapshot_at, nm_id, chrt_id, warehouse_id, warehouse_name,
          quantity, raw)
        SELECT ${accountId}, ${snapshotAt}, (e->>'nmId')::bigint, (e->>'chrtId')::bigint,
          (e->>'warehouseId')::bigint, e->>'warehouseName', coalesce((e->>'quantity')::integer, 0), e
        FROM src
        ON CONFLICT (account_id, snapshot_at, nm_id, chrt_id, warehouse_id) DO UPDATE SET
          warehouse_name = excluded.warehouse_name, quantity = excluded.quantity, raw = excluded.raw
        RETURNING 1
      )
      SELECT count(*) AS n FROM ins`,
  );
}

/** content-api cards; key nmID. The first photo's `big` URL is kept for the UI. */
export async function upsertWbCards(db: Executor, accountId: number, rowsJson: string): Promise<number> {
  return count(
    db,
    sql<{ n: string }>`
      WITH src AS (
        SELECT DISTINCT ON ((e->>'nmID')::bigint) e
        FROM jsonb_array_elements(${rowsJson}::jsonb) AS e
        ORDER BY (e->>'nmID')::bigint, (e->>'updatedAt')::timestamptz DESC
      ), ins AS (
        INSERT INTO wb_cards AS t (account_id, nm_id, imt_id, vendor_code, title, brand, subject_name, photo_url,
          card_updated_at, raw)
        SELECT ${accountId}, (e->>'nmID')::bigint, (e->>'imtID')::bigint, e->>'vendorCode', e->>'title',
          e->>'brand', e->>'subjectName', e#>>'{photos,0,big}', (e->>'updatedAt')::timestamptz, e
        FROM src
        ON CONFLICT (account_id, nm_id) DO UPDATE SET
          imt_id = excluded.imt_id, vendor_code = excluded.vendor_code, title = excluded.title,
          brand = excluded.brand, subject_name = excluded.subject_name, photo_url = excluded.photo_url,
          card_updated_at = excluded.card_updated_at, raw = excluded.raw, synced_at = now()
        RETURNING 1
      )
      SELECT count(*) AS n FROM ins`,
  );
}
