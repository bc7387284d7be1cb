import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { addAssignments } from './assignments.ts';
import { balanceForUser, reportFiguresForUser } from './finance-balance.ts';
import { createUser } from './users.ts';

/**
 * The trigger-maintained rollup (migration 20261122150100) against an independent SQL sum over the raw rows,
 * after plain inserts, multi-row upserts that change money, dates and articles, and deletes: exact to the kopeck.
 */

let tdb: TestDatabase;
let db: Database;
let accountId: number;
let anna: string;
const NMS = [101, 102, 103, 104, 105, 106];

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
  accountId = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Тест', inn: '7701234567' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  anna = (await createUser(db, { email: 'anna@example.com', name: 'Anna', password_hash: 'x' })).id;
  await addAssignments(db, { accountId, userId: anna, month: '2026-10-01', nmIds: [101, 102, 103] });
  await addAssignments(db, { accountId, userId: anna, month: '2026-11-01', nmIds: [102, 104, 105] });
});
afterAll(() => tdb.drop());

/** A batch upserted like the sync worker does: one multi-row INSERT … ON CONFLICT (account_id, rrd_id) DO UPDATE. */
async function upsert(from: number, to: number, salt: number): Promise<void> {
  await sql`
    INSERT INTO wb_report_rows AS t (account_id, rrd_id, report_id, period, nm_id, doc_type_name, supplier_oper_name,
      date_from, date_to, rr_date, retail_amount, for_pay, delivery_service, paid_storage, penalty, deduction,
      paid_acceptance, additional_payment, rebill_logistic_cost, raw)
    SELECT ${accountId}, g,
      CASE WHEN w THEN 500 + (d - date '2026-10-01') / 7 ELSE 1000 + (d - date '2026-10-01') END,
      CASE WHEN w THEN 'weekly' ELSE 'daily' END,
      CASE WHEN (g + ${salt}::int) % 9 = 0 THEN NULL WHEN (g + ${salt}::int) % 11 = 0 THEN 0
        ELSE (${NMS}::bigint[])[1 + (g + ${salt}::int) % 6] END,
      CASE WHEN (g + ${salt}::int) % 5 = 0 THEN 'Возврат' ELSE 'Продажа' END,
      CASE WHEN (g + ${salt}::int) % 5 = 0 THEN 'Возврат' ELSE 'Продажа' END,
      CASE WHEN w THEN date '2026-10-01' + ((d - date '2026-10-01') / 7) * 7 ELSE d END,
      CASE WHEN w THEN date '2026-10-01' + ((d - date '2026-10-01') / 7) * 7 + 6 ELSE d END,
      CASE WHEN g % 13 = 0 THEN NULL ELSE d END,
      ((g * 7919 + ${salt}::int) % 100000) / 100.0, ((g * 104729 + ${salt}::int) % 90000) / 100.0,
      CASE WHEN g % 4 = 0 THEN NULL ELSE (g % 300) / 100.0 END, (g % 50) / 100.0, (g % 7) / 100.0,
      (g % 3) / 100.0, (g % 11) / 100.0, (g % 17) / 100.0, (g % 5) / 100.0, '{}'::jsonb
    FROM generate_series(${from}::int, ${to}::int) g,
      LATERAL (SELECT date '2026-10-01' + ((g * 31 + ${salt}::int) % 51)::int AS d) x,
      LATERAL (SELECT g % 3 = 0 AND d < date '2026-11-05' AS w) y
    ON CONFLICT (account_id, rrd_id) DO UPDATE SET report_id = excluded.report_id, period = excluded.period,
      nm_id = excluded.nm_id, doc_type_name = excluded.doc_type_name, supplier_oper_name = excluded.supplier_oper_name,
      date_from = excluded.date_from, date_to = excluded.date_to, rr_date = excluded.rr_date,
      retail_amount = excluded.retail_amount, for_pay = excluded.for_pay, delivery_service = excluded.delivery_service,
      paid_storage = excluded.paid_storage, penalty = excluded.penalty, deduction = excluded.deduction,
      paid_acceptance = excluded.paid_acceptance, additional_payment = excluded.additional_payment,
      rebill_logistic_cost = excluded.rebill_logistic_cost, raw = excluded.raw`.execute(db);
}

/** Rollup minus an independent grouping of the raw rows: no row means they agree exactly. */
async function differences(): Promise<unknown[]> {
  const { rows } = await sql`
    WITH raw AS (
      SELECT account_id, report_id, period, date_from, date_to, coalesce(nm_id, 0) AS nm_id,
        date_trunc('month', coalesce(rr_date, date_from))::date AS month, count(*) AS rows,
        sum(CASE WHEN doc_type_name = 'Возврат' THEN -for_pay ELSE for_pay END) AS for_pay,
        sum(CASE WHEN doc_type_name = 'Возврат' THEN -retail_amount ELSE retail_amount END) AS retail_amount,
        coalesce(sum(delivery_service), 0) AS delivery_service, sum(paid_storage) AS paid_storage,
        sum(penalty) AS penalty, sum(deduction) AS deduction, sum(paid_acceptance) AS paid_acceptance,
        sum(additional_payment) AS additional_payment, sum(rebill_logistic_cost) AS rebill_logistic_cost
      FROM wb_report_rows GROUP BY 1, 2, 3, 4, 5, 6, 7
    ), roll AS (
      SELECT account_id, report_id, period, date_from, date_to, nm_id, month, rows, for_pay, retail_amount,
        delivery_service, paid_storage, penalty, deduction, paid_acceptance, additional_payment, rebill_logistic_cost
      FROM wb_report_rollup
    )
    (SELECT 'raw' AS side, * FROM (SELECT * FROM raw EXCEPT SELECT * FROM roll) x)
    UNION ALL (SELECT 'rollup', * FROM (SELECT * FROM roll EXCEPT SELECT * FROM raw) y)
    UNION ALL (SELECT 'periods', p.account_id, p.report_id, p.period, p.date_from, p.date_to, 0, NULL, p.rows,
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM wb_report_periods p FULL JOIN (SELECT account_id, report_id, period, date_from, date_to, count(*) AS n
        FROM wb_report_rows GROUP BY 1, 2, 3, 4, 5) q USING (account_id, report_id, period, date_from, date_to)
      WHERE p.rows IS DISTINCT FROM q.n)`.execute(db);
  return rows;
}

async function independentWeekly(reportId: string): Promise<string> {
  const { rows } = await sql<{ v: string }>`
    SELECT coalesce(sum(CASE WHEN doc_type_name = 'Возврат' THEN -for_pay ELSE for_pay END
      - coalesce(delivery_service, 0) - coalesce(paid_storage, 0) - coalesce(paid_acceptance, 0)
      - coalesce(deduction, 0) - coalesce(penalty, 0) + coalesce(additional_payment, 0)
      - coalesce(rebill_logistic_cost, 0)), 0)::text AS v
    FROM wb_report_rows WHERE account_id = ${accountId} AND report_id = ${reportId}::numeric
      AND (nm_id, date_trunc('month', coalesce(rr_date, date_from))::date) IN (
        SELECT nm_id, month FROM assignments WHERE user_id = ${anna} AND account_id = ${accountId})`.execute(
    db,
  );
  return rows[0]!.v;
}

async function expectFiguresExact(): Promise<void> {
  expect(await differences()).toEqual([]);
  const ids = (
    await sql<{ id: string }>`SELECT DISTINCT report_id::text AS id FROM wb_report_rows`.execute(db)
  ).rows.map((r) => r.id);
  const figures = await reportFiguresForUser(db, { accountId, userId: anna, reportIds: ids });
  for (const id of ids) expect(figures.get(id)!.bankPayment, id).toBe(await independentWeekly(id));
}

describe('finance rollup', () => {
  it('equals the raw rows after inserts, conflicting upserts that change money and articles, and deletes', async () => {
    await upsert(1, 3000, 0);
    await expectFiguresExact();
    expect(
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM wb_report_rollup`.execute(db)).rows[0]!.n),
    ).toBeGreaterThan(100);
    // Re-sync: half the rows again with other money, articles and dates, plus new ones, in one statement.
    await upsert(1500, 4500, 7);
    await expectFiguresExact();
    // The same batch again (no change): nothing moves.
    await upsert(1500, 4500, 7);
    await expectFiguresExact();
    await sql`DELETE FROM wb_report_rows WHERE rrd_id % 4 = 1`.execute(db);
    await expectFiguresExact();
    await sql`UPDATE wb_report_rows SET for_pay = for_pay + 0.01, nm_id = 104 WHERE rrd_id % 10 = 2`.execute(
      db,
    );
    await expectFiguresExact();
    // Groups that lose every row disappear.
    await sql`DELETE FROM wb_report_rows WHERE report_id >= 1000`.execute(db);
    await expectFiguresExact();
    const daily = await sql<{ n: string }>`
      SELECT (SELECT count(*) FROM wb_report_rollup WHERE period = 'daily')
        + (SELECT count(*) FROM wb_report_periods WHERE period = 'daily') AS n`.execute(db);
    expect(Number(daily.rows[0]!.n)).toBe(0);
  });

  it('gives the balance from the rollup equal to a raw sum of the daily rows since the last weekly report', async () => {
    await upsert(5000, 9000, 3);
    await expectFiguresExact();
    const b = await balanceForUser(db, { accountId, userId: anna, today: '2026-11-20' });
    expect(b.lastReport).not.toBeNull();
    const { rows } = await sql<{ v: string }>`
      SELECT coalesce(sum(CASE WHEN doc_type_name = 'Возврат' THEN -for_pay ELSE for_pay END
        - coalesce(delivery_service, 0) - coalesce(paid_storage, 0) - coalesce(paid_acceptance, 0)
        - coalesce(deduction, 0) - coalesce(penalty, 0) + coalesce(additional_payment, 0)
        - coalesce(rebill_logistic_cost, 0)), 0)::text AS v
      FROM wb_report_rows WHERE account_id = ${accountId} AND period = 'daily' AND date_from >= ${b.since}::date
        AND date_to <= '2026-11-20'
        AND (nm_id, date_trunc('month', coalesce(rr_date, date_from))::date) IN (
          SELECT nm_id, month FROM assignments WHERE user_id = ${anna})`.execute(db);
    expect(b.current).toBe(rows[0]!.v);
    expect(Number(b.current)).not.toBe(0);
    const last = await independentWeekly(b.lastReport!.id);
    expect(b.forWithdraw).toBe(last.startsWith('-') ? '0' : last);
  });

  it('is emptied with the raw rows by TRUNCATE', async () => {
    await sql`TRUNCATE wb_report_rows`.execute(tdb.connect('owner')); // the services' role may not truncate
    const { rows } = await sql<{ n: string }>`
      SELECT (SELECT count(*) FROM wb_report_rollup) + (SELECT count(*) FROM wb_report_periods) AS n`.execute(
      db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
