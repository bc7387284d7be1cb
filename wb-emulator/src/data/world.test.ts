import { describe, expect, it } from 'vitest';
import { financeRow } from './finance-rows.ts';
import { addToSums, emptySums, MONEY_FIELDS, opMoney } from './finance.ts';
import { ordersByLastChange, orderRow, salesByLastChange, saleRow } from './statistics.ts';
import { computeTruth } from './truth.ts';
import { World } from './world.ts';
import { fixedMoneyString } from '../util/money.ts';
import { dayNoToDate, moscowDayNo } from '../util/moscow.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const options = { seed: 42, accounts: 2, days: 45, cards: 30, volume: 2 };

describe('the generated world', () => {
  const world = new World(options, NOW);
  const [first, second] = world.data;
  if (!first || !second) throw new Error('two accounts expected');

  it('gives every account its own articles, sizes and barcodes', () => {
    const nm = world.data.flatMap((d) => d.account.cards.map((c) => c.nmID));
    const chrt = world.data.flatMap((d) => d.account.cards.flatMap((c) => c.sizes.map((s) => s.chrtID)));
    const skus = world.data.flatMap((d) => d.account.cards.flatMap((c) => c.sizes.flatMap((s) => s.skus)));
    expect(new Set(nm).size).toBe(nm.length);
    expect(new Set(chrt).size).toBe(chrt.length);
    expect(new Set(skus).size).toBe(skus.length);
    expect(first.account.oid).not.toBe(second.account.oid);
    for (const sku of skus) {
      // EAN-13 with a valid check digit
      const digits = sku.split('').map(Number);
      const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 ? 3 : 1), 0);
      expect((10 - (sum % 10)) % 10).toBe(digits[12]);
    }
  });

  it('makes every sale and return refer to an order of the orders feed (srid)', () => {
    const orders = new Map<string, Record<string, unknown>>();
    for (const o of ordersByLastChange(first.orders, Number.NEGATIVE_INFINITY, NOW))
      orders.set(o.srid, orderRow(o, NOW));
    expect(orders.size).toBeGreaterThan(1000);
    let sales = 0;
    let returns = 0;
    const sold = new Set<string>();
    for (const e of salesByLastChange(first.orders, Number.NEGATIVE_INFINITY, NOW)) {
      const row = saleRow(e);
      const order = orders.get(row.srid as string);
      expect(order, `sale ${String(row.saleID)} has no order`).toBeDefined();
      expect(order?.nmId).toBe(row.nmId);
      expect(order?.isCancel).toBe(false);
      expect((row.date as string) >= (order?.date as string)).toBe(true);
      if (e.kind === 'sale') {
        sales++;
        sold.add(row.srid as string);
        expect(row.saleID).toMatch(/^S\d{14}$/);
        expect(row.forPay).toBeGreaterThan(0);
      } else {
        returns++;
        expect(sold.has(row.srid as string), 'a return follows its sale').toBe(true);
        expect(row.saleID).toMatch(/^R\d{14}$/);
        expect(row.forPay).toBeLessThan(0);
      }
    }
    expect(sales).toBeGreaterThan(500);
    expect(returns).toBeGreaterThan(10);
  });

  it('books every finance sale/return line against a sale/return of the statistics feed with the same money', () => {
    const feed = new Map<string, number>();
    for (const e of salesByLastChange(first.orders, Number.NEGATIVE_INFINITY, NOW + 30 * 86_400_000)) {
      feed.set(`${e.kind}:${e.order.srid}`, e.order.forPay);
    }
    let checked = 0;
    const today = moscowDayNo(NOW);
    for (let day = world.firstDay; day < today; day++) {
      for (const op of first.finance.opsOfDay(day)) {
        if (op.kind !== 'sale' && op.kind !== 'return') continue;
        const o = op.order;
        if (!o) throw new Error('sale without order');
        expect(feed.get(`${op.kind}:${o.srid}`)).toBe(o.forPay);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('writes rows whose money columns add up to the report totals, weekly and daily alike', () => {
    const today = moscowDayNo(NOW);
    for (const period of ['weekly', 'daily'] as const) {
      const reports = first.finance.reportsOverlapping(period, world.firstDay, today, NOW);
      expect(reports.length).toBeGreaterThan(0);
      for (const report of reports) {
        const sums = first.finance.sums(report);
        const fromRows = emptySums();
        const columns = Object.fromEntries(MONEY_FIELDS.map((k) => [k, 0])) as Record<string, number>;
        for (const { op, rrdId } of first.finance.rows(period, [report], 0)) {
          addToSums(fromRows, op);
          const row = financeRow(first.account, report, op, rrdId);
          for (const k of MONEY_FIELDS) {
            const text = row[k] as string;
            expect(text).toMatch(/^\d+(\.\d{1,2})?$/);
            columns[k] = (columns[k] as number) + Math.round(Number(text) * 100);
          }
          const [rr, from, to] = [row.rrDate, row.dateFrom, row.dateTo] as [string, string, string];
          expect(rr >= from && rr <= to).toBe(true);
        }
        expect(fromRows).toEqual(sums);
        for (const k of MONEY_FIELDS) expect(columns[k]).toBe(sums.columns[k]);
        expect(sums.bankPayment).toBe(
          sums.forPay -
            sums.deliveryService -
            sums.paidStorage -
            sums.paidAcceptance -
            sums.deduction -
            sums.penalty +
            sums.additionalPayment -
            sums.rebillLogisticCost,
        );
      }
    }
  });

  it('puts the same operations in a closed week as in its seven daily reports', () => {
    const today = moscowDayNo(NOW);
    const weekly = first.finance.reportsOverlapping('weekly', world.firstDay, today, NOW);
    const full = weekly.filter((w) => w.firstDay >= world.firstDay);
    expect(full.length).toBeGreaterThan(1);
    for (const week of full) {
      const daily = first.finance.reportsOverlapping('daily', week.firstDay, week.lastDay, NOW);
      expect(daily).toHaveLength(7);
      const merged = emptySums();
      for (const d of daily) {
        const s = first.finance.sums(d);
        for (const k of Object.keys(merged) as Array<keyof typeof merged>) {
          if (k !== 'columns') merged[k] += s[k];
        }
        for (const k of MONEY_FIELDS) merged.columns[k] += s.columns[k];
      }
      expect(merged).toEqual(first.finance.sums(week));
    }
  });

  it('gives rows unique, ascending rrdIds, distinct between weekly and daily', () => {
    const today = moscowDayNo(NOW);
    const seen = new Set<number>();
    for (const period of ['weekly', 'daily'] as const) {
      let last = 0;
      const reports = first.finance.reportsOverlapping(period, world.firstDay, today, NOW);
      for (const { rrdId } of first.finance.rows(period, reports, 0)) {
        expect(rrdId).toBeGreaterThan(last);
        expect(Number.isSafeInteger(rrdId)).toBe(true);
        expect(seen.has(rrdId)).toBe(false);
        seen.add(rrdId);
        last = rrdId;
      }
    }
  });

  it('finds every report by its id', () => {
    const today = moscowDayNo(NOW);
    for (const period of ['weekly', 'daily'] as const) {
      for (const report of first.finance.reportsOverlapping(period, world.firstDay, today, NOW)) {
        expect(first.finance.reportById(report.reportId)).toEqual(report);
        expect(second.finance.reportById(report.reportId)).toBeUndefined();
      }
    }
    expect(first.finance.reportById(123n)).toBeUndefined();
  });

  it('has rows without an article for cabinet-wide costs', () => {
    const ops = Array.from({ length: 14 }, (_, k) => first.finance.opsOfDay(world.firstDay + k)).flat();
    const cabinet = ops.filter((op) => !op.card && !op.order);
    expect(cabinet.length).toBeGreaterThan(0);
    expect(
      cabinet.every((op) => opMoney(op).paidStorage + opMoney(op).deduction + opMoney(op).penalty > 0),
    ).toBe(true);
    const report = first.finance.reportOf('daily', cabinet[0]?.dayNo ?? 0);
    const row = financeRow(first.account, report, cabinet[0] as (typeof cabinet)[number], 1);
    expect(row.nmId).toBe(0);
    expect(row.vendorCode).toBe('');
  });

  it('is a pure function of the options and the start time', () => {
    const again = new World(options, NOW);
    const a = computeTruth(world, first, NOW);
    const b = computeTruth(again, again.data[0] as typeof first, NOW);
    expect(b).toEqual(a);
    const other = new World({ ...options, seed: 43 }, NOW);
    expect(computeTruth(other, other.data[0] as typeof first, NOW).orders).not.toEqual(a.orders);
    // A day's data does not depend on where the history window starts.
    const later = new World(options, NOW + 86_400_000);
    const day = world.firstDay + 10;
    const rowsA = [...first.orders.fates(day).t0];
    const rowsB = [...(later.data[0] as typeof first).orders.fates(day).t0];
    expect(rowsB).toEqual(rowsA);
  });

  it('lets data appear as the clock moves on: later orders, newly created reports', () => {
    const now = computeTruth(world, first, NOW);
    const later = computeTruth(world, first, NOW + 7 * 86_400_000);
    expect(later.orders.rows).toBeGreaterThan(now.orders.rows);
    expect(later.finance.daily.reports).toBe(now.finance.daily.reports + 7);
    expect(later.finance.weekly.reports).toBeGreaterThanOrEqual(now.finance.weekly.reports + 1);
    expect(dayNoToDate(moscowDayNo(NOW))).toBe('2026-11-20');
    expect(fixedMoneyString(Number(BigInt(now.orders.totalPrice.replace('.', ''))))).toBe(
      now.orders.totalPrice,
    );
  });
});
