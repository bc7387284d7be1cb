import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { upsertWbReportRows } from './wb-data.ts';
import {
  discardStagedWbReportRows,
  moveStagedWbReportRows,
  stageWbReportRows,
  sweepWbReportRowsStage,
} from './wb-report-rows-stage.ts';

let tdb: TestDatabase;
let db: Database;
let accountId: number;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect('app');
  accountId = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Ромашка', inn: '7701234567' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await tdb.drop();
});

/** A finance-api row as WB writes it (text, so big ids and money strings are exactly what WB sent). */
const rowText = (rrdId: string, extra = '') =>
  `{"reportId":9007199254740993123,"dateFrom":"2026-10-22","dateTo":"2026-10-22","rrdId":${rrdId},` +
  `"nmId":200006550,"docTypeName":"Продажа","sellerOperName":"Продажа","quantity":1,` +
  `"retailAmount":"3499.20","forPay":"0.1000000000000000055511151231257827","deliveryService":"",` +
  `"paidStorage":"0","penalty":"0","deduction":"0","paidAcceptance":"0","additionalPayment":"0",` +
  `"rebillLogisticCost":"0","rrDate":"","saleDt":"2026-10-22T18:36:32","orderDt":"0001-01-01T00:00:00",` +
  `"kvw":15.83,"note":"кавычка \\" и \\\\"${extra}}`;

const stored = async (rrdId: string) =>
  (
    await sql<Record<string, string | null>>`
      SELECT report_id::text, for_pay::text, retail_amount::text, delivery_service::text, rr_date::text,
             sale_dt = '2026-10-22T15:36:32Z'::timestamptz AS sale_moscow, order_dt::text, period,
             raw = ${rowText(rrdId)}::jsonb AS raw_equal
      FROM wb_report_rows WHERE account_id = ${accountId} AND rrd_id = ${rrdId}::bigint`.execute(db)
  ).rows[0];

describe('wb_instant', () => {
  it('reads WB times (Moscow when offset-less, NULL for empty and 0001-01-01) and is inlined', async () => {
    const r = await sql<Record<string, unknown>>`
      SELECT wb_instant('') AS empty, wb_instant('0001-01-01T00:00:00') AS none, wb_instant(NULL) AS null_`.execute(
      db,
    );
    expect(r.rows[0]).toEqual({ empty: null, none: null, null_: null });
    const at = await sql<{ a: Date; b: Date; c: Date }>`
      SELECT wb_instant('2026-10-22T18:36:32') AS a, wb_instant('2026-10-22T18:36:32Z') AS b,
             wb_instant('2026-10-22T18:36:32.5+05:00') AS c`.execute(db);
    expect(at.rows[0]!.a.toISOString()).toBe('2026-10-22T15:36:32.000Z');
    expect(at.rows[0]!.b.toISOString()).toBe('2026-10-22T18:36:32.000Z');
    expect(at.rows[0]!.c.toISOString()).toBe('2026-10-22T13:36:32.500Z');
    // A date alone is Moscow midnight, whatever the session's time zone (its day is not an offset).
    const day = await sql<{ d: Date; e: Date }>`
      SELECT wb_instant('2026-10-22') AS d, wb_instant('2026-10-22 18:36:32+03') AS e`.execute(db);
    expect(day.rows[0]!.d.toISOString()).toBe('2026-10-21T21:00:00.000Z');
    expect(day.rows[0]!.e.toISOString()).toBe('2026-10-22T15:36:32.000Z');
    // Inlined: the plan holds the CASE, not a call per row.
    const plan = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN VERBOSE SELECT wb_instant(raw->>'saleDt') FROM wb_report_rows`.execute(db);
    const text = plan.rows.map((p) => p['QUERY PLAN']).join('\n');
    expect(text).toContain('CASE');
    expect(text).not.toContain('wb_instant');
  });
});

describe('staged finance ingest', () => {
  it('stores rows as received, exact, only when the moving transaction commits', async () => {
    const token = randomUUID();
    const big = '9007199254740993001'; // > 2^53, still a bigint
    expect(await stageWbReportRows(db, token, accountId, 'daily', `[${rowText(big)},${rowText('5')}]`)).toBe(
      2,
    );
    // Staged rows are not data.
    expect(await stored(big)).toBeUndefined();

    // A page transaction that rolls back leaves wb_report_rows as it was; the batch is discarded.
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await moveStagedWbReportRows(trx, token)).toBe(2);
        throw new Error('page failed');
      }),
    ).rejects.toThrow('page failed');
    expect(await stored(big)).toBeUndefined();
    await discardStagedWbReportRows(db, [token]);
    const left = await db
      .selectFrom('wb_report_rows_stage')
      .select(db.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(left?.n)).toBe(0);

    // Bytes go as a binary jsonb parameter: the same row, byte for byte (Cyrillic, escapes).
    const token2 = randomUUID();
    await stageWbReportRows(db, token2, accountId, 'daily', Buffer.from(`[${rowText(big)}]`, 'utf8'));
    expect(await db.transaction().execute((trx) => moveStagedWbReportRows(trx, token2))).toBe(1);
    expect(await stored(big)).toEqual({
      report_id: '9007199254740993123',
      for_pay: '0.1000000000000000055511151231257827',
      retail_amount: '3499.20',
      delivery_service: null,
      rr_date: null,
      sale_moscow: true,
      order_dt: null,
      period: 'daily',
      raw_equal: true,
    });
    const left2 = await db
      .selectFrom('wb_report_rows_stage')
      .select(db.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(left2?.n)).toBe(0);
  });

  it('dedupes by account and rrdId: a row seen again replaces the stored one, as the direct upsert does', async () => {
    const token = randomUUID();
    await stageWbReportRows(db, token, accountId, 'weekly', `[${rowText('77', ',"x":1')}]`);
    await db.transaction().execute((trx) => moveStagedWbReportRows(trx, token));
    const again = randomUUID();
    await stageWbReportRows(db, again, accountId, 'daily', `[${rowText('77')}]`);
    expect(await db.transaction().execute((trx) => moveStagedWbReportRows(trx, again))).toBe(1);
    const n = await sql<{ n: number }>`
      SELECT count(*) AS n FROM wb_report_rows WHERE account_id = ${accountId} AND rrd_id = 77`.execute(db);
    expect(Number(n.rows[0]!.n)).toBe(1);
    expect(await stored('77')).toMatchObject({ period: 'daily', raw_equal: true });

    // The direct path maps the same row to the same values.
    await upsertWbReportRows(db, accountId, 'daily', `[${rowText('78')}]`);
    const both = await sql<{ same: boolean }>`
      SELECT (a.report_id, a.for_pay, a.retail_amount, a.delivery_service, a.sale_dt, a.order_dt, a.nm_id,
              a.doc_type_name, a.supplier_oper_name, a.quantity, a.date_from, a.date_to, a.raw - 'rrdId')
           IS NOT DISTINCT FROM
             (b.report_id, b.for_pay, b.retail_amount, b.delivery_service, b.sale_dt, b.order_dt, b.nm_id,
              b.doc_type_name, b.supplier_oper_name, b.quantity, b.date_from, b.date_to, b.raw - 'rrdId') AS same
      FROM wb_report_rows a, wb_report_rows b
      WHERE a.account_id = ${accountId} AND a.rrd_id = 77 AND b.account_id = ${accountId} AND b.rrd_id = 78`.execute(
      db,
    );
    expect(both.rows[0]?.same).toBe(true);
  });

  it('sweeps batches a dead worker left staged', async () => {
    const token = randomUUID();
    await stageWbReportRows(db, token, accountId, 'daily', `[${rowText('90')}]`);
    expect(await sweepWbReportRowsStage(db, 3_600_000)).toBe(0);
    await sql`UPDATE wb_report_rows_stage SET staged_at = now() - interval '2 hours'`.execute(db);
    expect(await sweepWbReportRowsStage(db, 3_600_000)).toBe(1);
    expect(await stored('90')).toBeUndefined();
  });
});
