import { addAssignments, balanceForUser, createUser, reportFiguresForUser, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFinanceRows } from './finance-rows.fixture.ts';

/**
 * The per-manager figures against an independent SQL sum over the same rows (written differently: a filter on
 * (nm_id, month) pairs instead of a join), exact to the kopeck, and against the emulator's own sums for a
 * manager holding every article (they differ exactly by the cabinet-wide rows, which belong to no manager).
 */

let emu: RunningEmulator;
let tdb: TestDatabase;
let db: Database;
let accountId: number;
let anna: string;
let all: string;
let rows: Array<Record<string, unknown>>;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 11,
    accounts: 1,
    days: 40,
    now: '2026-11-20T12:00:00Z',
    timeScale: 1000,
  });
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
  all = (await createUser(db, { email: 'all@example.com', name: 'All', password_hash: 'x' })).id;
  rows = await loadFinanceRows(emu, db, {
    accountId,
    emulatorAccount: 1,
    dateFrom: '2026-10-01',
    dateTo: '2026-11-20',
  });
  const nms = emu.emulator.world.data[0]!.account.cards.map((c) => c.nmID);
  await addAssignments(db, {
    accountId,
    userId: anna,
    month: '2026-11-01',
    nmIds: nms.filter((_, i) => i % 2 === 0),
  });
  await addAssignments(db, {
    accountId,
    userId: anna,
    month: '2026-10-01',
    nmIds: nms.filter((_, i) => i % 3 === 0),
  });
  // "all" holds every article in both months (another account's assignments would conflict: use a second account).
  const other = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Копия', inn: '7701234568' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await sql`INSERT INTO wb_report_rows SELECT ${other}, rrd_id, report_id, period, nm_id, doc_type_name, supplier_oper_name, date_from, date_to, rr_date, sale_dt, order_dt, quantity, retail_amount, for_pay, delivery_service, paid_storage, penalty, deduction, paid_acceptance, additional_payment, rebill_logistic_cost, raw, synced_at FROM wb_report_rows WHERE account_id = ${accountId}`.execute(
    db,
  );
  for (const month of ['2026-10-01', '2026-11-01'])
    await addAssignments(db, { accountId: other, userId: all, month, nmIds: nms });
  (globalThis as Record<string, unknown>).otherAccount = other;
}, 120_000);
afterAll(async () => {
  await emu?.close();
  await tdb?.drop();
});

async function independent(userId: string, account: number, reportId: string): Promise<string> {
  const { rows: r } = await sql<{ v: string }>`
    SELECT coalesce(sum(
      CASE WHEN doc_type_name = 'Возврат' THEN -for_pay ELSE for_pay END
      - coalesce(delivery_service, 0) - coalesce(paid_storage, 0) - coalesce(paid_acceptance, 0)
      - coalesce(deduction, 0) - coalesce(penalty, 0) + coalesce(additional_payment, 0)
      - coalesce(rebill_logistic_cost, 0)), 0)::text AS v
    FROM wb_report_rows
    WHERE account_id = ${account} AND report_id = ${reportId}::numeric
      AND (nm_id, date_trunc('month', rr_date)::date) IN (
        SELECT nm_id, month FROM assignments WHERE user_id = ${userId} AND account_id = ${account})`.execute(
    db,
  );
  return r[0]!.v;
}

const kop = (s: string) => Math.round(Number(s) * 100);

describe('per-manager finance figures', () => {
  it('equal an independent SQL sum to the kopeck for every report', async () => {
    const ids = [
      ...new Set(rows.map((r) => String((r.reportId as { rawJSON?: string }).rawJSON ?? r.reportId))),
    ];
    expect(ids.length).toBeGreaterThan(5);
    const figures = await reportFiguresForUser(db, { accountId, userId: anna, reportIds: ids });
    let nonZero = 0;
    for (const id of ids) {
      const mine = figures.get(id)!;
      const expected = await independent(anna, accountId, id);
      expect(kop(mine.bankPayment), id).toBe(kop(expected));
      expect(mine.bankPayment).toMatch(/^-?\d+(\.\d+)?$/);
      if (kop(expected) !== 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(0);
  });

  it("for a manager of every article: WB sums less the cabinet-wide rows, which are no manager's", async () => {
    const other = (globalThis as Record<string, unknown>).otherAccount as number;
    const weekly = rows.filter((r) => r.period === 'weekly');
    const byReport = new Map<string, Array<Record<string, unknown>>>();
    for (const r of weekly) {
      const id = String(r.reportId);
      byReport.set(id, [...(byReport.get(id) ?? []), r]);
    }
    const figures = await reportFiguresForUser(db, {
      accountId: other,
      userId: all,
      reportIds: [...byReport.keys()],
    });
    const k = (v: unknown) => Math.round(Number(v ?? 0) * 100);
    let cabinetWide = 0;
    for (const [id, list] of byReport) {
      const withNm = list.filter((r) => Number(r.nmId ?? 0) > 0);
      cabinetWide += list.length - withNm.length;
      const expected = withNm.reduce(
        (n, r) =>
          n +
          (r.docTypeName === 'Возврат' ? -k(r.forPay) : k(r.forPay)) -
          k(r.deliveryService) -
          k(r.paidStorage) -
          k(r.paidAcceptance) -
          k(r.deduction) -
          k(r.penalty) +
          k(r.additionalPayment) -
          k(r.rebillLogisticCost),
        0,
      );
      expect(kop(figures.get(id)!.bankPayment), id).toBe(expected);
      expect(figures.get(id)!.rows).toBe(withNm.length);
    }
    expect(cabinetWide).toBeGreaterThan(0);
  });

  it("the balance: current = the manager's daily reports since the last weekly one; forWithdraw = the last weekly", async () => {
    const b = await balanceForUser(db, { accountId, userId: anna, today: '2026-11-20' });
    expect(b.lastReport).not.toBeNull();
    expect(b.forWithdraw).toBe(
      Number(await independent(anna, accountId, b.lastReport!.id)) < 0
        ? '0'
        : await independent(anna, accountId, b.lastReport!.id),
    );
    const { rows: r } = await sql<{ v: string }>`
      SELECT coalesce(sum(CASE WHEN doc_type_name = 'Возврат' THEN -for_pay ELSE for_pay END
        - coalesce(delivery_service, 0) - coalesce(paid_storage, 0) - coalesce(paid_acceptance, 0)
        - coalesce(deduction, 0) - coalesce(penalty, 0) + coalesce(additional_payment, 0)
        - coalesce(rebill_logistic_cost, 0)), 0)::text AS v
      FROM wb_report_rows WHERE account_id = ${accountId} AND period = 'daily' AND rr_date >= ${b.since}::date
        AND rr_date <= '2026-11-20'
        AND (nm_id, date_trunc('month', rr_date)::date) IN (SELECT nm_id, month FROM assignments WHERE user_id = ${anna})`.execute(
      db,
    );
    expect(kop(b.current)).toBe(kop(r[0]!.v));
    const nobody = (await createUser(db, { email: 'nobody@example.com', name: 'No', password_hash: 'x' })).id;
    const empty = await balanceForUser(db, { accountId, userId: nobody, today: '2026-11-20' });
    expect(empty.current).toBe('0');
    expect(empty.forWithdraw).toBe('0');
  });
});
