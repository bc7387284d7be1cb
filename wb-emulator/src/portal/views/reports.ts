import { financeRow, jsonBigInt, v5Row } from '../../data/finance-rows.ts';
import {
  addToSums,
  emptySums,
  type FinanceOp,
  type FinancePeriod,
  type Report,
  type ReportSums,
} from '../../data/finance.ts';
import { balanceOf } from '../../data/truth.ts';
import type { AccountData } from '../../data/world.ts';
import { dayNoToDate, moscowDayNo } from '../../util/moscow.ts';
import { rub } from './common.ts';

/**
 * Realization reports as the portal's seller-wb-balance service shows them: the list with per-report sums
 * and totals over the whole selection, the detail lines (the legacy snake_case spelling: `nm_id`, money as
 * numbers), and the balance widget. Figures are the finance API's (same rows, same sums).
 */

/** Report type codes of the list (`type`): 1 weekly, 6 daily (WB's portal uses 6 for daily reports). */
export const REPORT_TYPE: Record<FinancePeriod, number> = { weekly: 1, daily: 6 };

export function reportsList(
  d: AccountData,
  period: FinancePeriod,
  fromDay: number,
  toDay: number,
  nowMs: number,
): Report[] {
  return d.finance.reportsOverlapping(period, fromDay, toDay, nowMs).reverse();
}

function sumsView(s: ReportSums): Record<string, number> {
  return {
    totalSale: rub(s.retailAmount),
    forPay: rub(s.forPay),
    deliveryRub: rub(s.deliveryService + s.rebillLogisticCost),
    storageFee: rub(s.paidStorage),
    penalty: rub(s.penalty),
    deduction: rub(s.deduction),
    acceptance: rub(s.paidAcceptance),
    additionalPayment: rub(s.additionalPayment),
    bankPaymentSum: rub(s.bankPayment),
    salesCount: s.sales,
    returnsCount: s.returns,
    rowsCount: s.rows,
  };
}

/** A list item: the report and its sums. Daily ids exceed 2^53 and are written as raw JSON digits. */
export function reportItem(d: AccountData, r: Report): Record<string, unknown> {
  return {
    id: r.period === 'weekly' ? Number(r.reportId) : jsonBigInt(r.reportId),
    dateFrom: `${dayNoToDate(r.firstDay)}T00:00:00`,
    dateTo: `${dayNoToDate(r.lastDay)}T23:59:59`,
    createDate: `${dayNoToDate(r.createDay)}T06:00:00`,
    type: REPORT_TYPE[r.period],
    currency: 'RUB',
    supplierName: d.account.name,
    ...sumsView(d.finance.sums(r)),
    paymentStatus: 'Оплачен',
  };
}

export function totalsOf(d: AccountData, reports: readonly Report[]): Record<string, number> {
  const s = emptySums();
  for (const r of reports) {
    const x = d.finance.sums(r);
    for (const k of Object.keys(s) as Array<keyof ReportSums>) if (k !== 'columns') s[k] += x[k];
  }
  s.bankPayment = reports.reduce((n, r) => n + d.finance.sums(r).bankPayment, 0);
  return sumsView(s);
}

export interface DetailLine {
  readonly report: Report;
  readonly op: FinanceOp;
  readonly rrdId: number;
}

/** The lines of one report, optionally filtered by article (nmId or vendor code) or document type. */
export function reportLines(
  d: AccountData,
  report: Report,
  filter: { search?: string | undefined; docType?: string | undefined } = {},
): DetailLine[] {
  const out: DetailLine[] = [];
  const q = filter.search?.trim().toLowerCase();
  for (const line of d.finance.rows(report.period, [report], 0)) {
    const card = line.op.order?.card ?? line.op.card;
    if (q && !(card && (String(card.nmID) === q || card.vendorCode.toLowerCase().includes(q)))) continue;
    if (filter.docType) {
      const doc = line.op.kind === 'sale' ? 'Продажа' : line.op.kind === 'return' ? 'Возврат' : '';
      if (doc !== filter.docType) continue;
    }
    out.push(line);
  }
  return out;
}

export function lineView(d: AccountData, l: DetailLine): Record<string, unknown> {
  return v5Row(d.account, l.report, l.op, l.rrdId);
}

export function financeLine(d: AccountData, l: DetailLine): Record<string, unknown> {
  return financeRow(d.account, l.report, l.op, l.rrdId);
}

export function linesTotals(lines: readonly DetailLine[]): Record<string, number> {
  const s = emptySums();
  for (const l of lines) addToSums(s, l.op);
  return sumsView(s);
}

/** The balance widget and its explanation. */
export function balanceView(d: AccountData, nowMs: number): Record<string, unknown> {
  const { current, forWithdraw } = balanceOf(d, nowMs);
  const today = moscowDayNo(nowMs);
  const weekly = d.finance.reportsOverlapping('weekly', d.finance.firstDay, today, nowMs);
  const last = weekly.at(-1);
  const since = last ? last.lastDay + 1 : d.finance.firstDay;
  const daily = d.finance.reportsOverlapping('daily', since, today, nowMs);
  const s = emptySums();
  for (const r of daily) {
    const x = d.finance.sums(r);
    for (const k of Object.keys(s) as Array<keyof ReportSums>) if (k !== 'columns') s[k] += x[k];
  }
  s.bankPayment = current;
  return {
    currency: 'RUB',
    current: rub(current),
    forWithdraw: rub(forWithdraw),
    currentPeriod: {
      dateFrom: dayNoToDate(since),
      dateTo: dayNoToDate(today),
      reports: daily.length,
      ...sumsView(s),
    },
    lastReport: last
      ? {
          id: Number(last.reportId),
          dateFrom: dayNoToDate(last.firstDay),
          dateTo: dayNoToDate(last.lastDay),
          bankPaymentSum: rub(d.finance.sums(last).bankPayment),
        }
      : null,
  };
}

/** Payouts: one per weekly report (paid the Wednesday after it is formed). */
export function payoutsView(d: AccountData, nowMs: number): Array<Record<string, unknown>> {
  return reportsList(d, 'weekly', d.finance.firstDay, moscowDayNo(nowMs), nowMs).map((r) => ({
    reportId: Number(r.reportId),
    period: `${dayNoToDate(r.firstDay)} — ${dayNoToDate(r.lastDay)}`,
    payoutDate: dayNoToDate(r.createDay + 2),
    amount: rub(Math.max(0, d.finance.sums(r).bankPayment)),
    status: r.createDay + 2 <= moscowDayNo(nowMs) ? 'Выплачено' : 'Запланировано',
  }));
}
