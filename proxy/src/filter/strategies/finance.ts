import { FilterError } from '../errors.ts';
import { isRecord } from '../json-codec.ts';
import { kopecks, sumInt } from '../money.ts';
import { toNmId } from '../nm-keys.ts';
import type { JsonFilterInput, ReportFigures } from '../types.ts';
import { nsData, pageOf, rows, withData } from './common.ts';

/**
 * seller-services realization reports. A report's money is a manager's only as far as its rows are: every
 * figure of the list, a report and the payouts is replaced by the figures of the synced finance rows of the
 * manager's articles, each row judged by the assignment of its month (db/src/repositories/finance-balance.ts).
 * Detail lines are filtered by `nm_id` and the month of `rr_dt`; lines without an article (cabinet-wide
 * storage, penalties, deductions) belong to no manager and are removed.
 */

const rub = (s: string) => Number(s);

/** The sums block of a report as the portal spells it, from our figures. */
export function sumsView(f: ReportFigures | undefined): Record<string, number> {
  if (!f)
    return {
      totalSale: 0,
      forPay: 0,
      deliveryRub: 0,
      storageFee: 0,
      penalty: 0,
      deduction: 0,
      acceptance: 0,
      additionalPayment: 0,
      bankPaymentSum: 0,
      salesCount: 0,
      returnsCount: 0,
      rowsCount: 0,
    };
  return {
    totalSale: rub(f.retailAmount),
    forPay: rub(f.forPay),
    deliveryRub: (kopecks(rub(f.deliveryService)) + kopecks(rub(f.rebillLogisticCost))) / 100,
    storageFee: rub(f.paidStorage),
    penalty: rub(f.penalty),
    deduction: rub(f.deduction),
    acceptance: rub(f.paidAcceptance),
    additionalPayment: rub(f.additionalPayment),
    bankPaymentSum: rub(f.bankPayment),
    salesCount: f.sales,
    returnsCount: f.returns,
    rowsCount: f.rows,
  };
}

const SUM_KEYS = [
  'totalSale',
  'forPay',
  'deliveryRub',
  'storageFee',
  'penalty',
  'deduction',
  'acceptance',
  'additionalPayment',
  'bankPaymentSum',
] as const;
const COUNT_KEYS = ['salesCount', 'returnsCount', 'rowsCount'] as const;

function addViews(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of SUM_KEYS) out[k] = list.reduce((n, v) => n + kopecks(v[k]), 0) / 100;
  for (const k of COUNT_KEYS) out[k] = sumInt(list, (v) => v[k]);
  return out;
}

function reportId(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  if (isRecord(v) && typeof v.rawJSON === 'string') return v.rawJSON;
  return null;
}

function needFinance(input: JsonFilterInput) {
  if (!input.finance)
    throw new FilterError('FILTER_UNEXPECTED_SHAPE', 'finance figures are not available to the filter');
  return input.finance;
}

export async function reportsListFilter(input: JsonFilterInput): Promise<unknown> {
  const { body, visible, page } = input;
  const data = nsData(body, 'reports list');
  const list = rows(data, 'reports', 'reports list');
  const ids = list.map((r) => reportId(r.id));
  if (ids.some((id) => id === null)) throw new FilterError('FILTER_UNEXPECTED_SHAPE', 'reports[].id');
  const figures = await needFinance(input).reportFigures(visible, ids as string[]);
  const views = list.map((r, i) => ({ ...r, ...sumsView(figures.get(ids[i]!)) }));
  return withData(body, {
    ...data,
    reports: pageOf(views, page),
    count: views.length,
    totals: addViews(views as unknown as Record<string, number>[]),
  });
}

export async function reportFilter(input: JsonFilterInput): Promise<unknown> {
  const data = nsData(input.body, 'report');
  if (!isRecord(data.report)) throw new FilterError('FILTER_UNEXPECTED_SHAPE', 'report: data.report');
  const id = reportId(data.report.id);
  if (id === null) throw new FilterError('FILTER_UNEXPECTED_SHAPE', 'report: id');
  const figures = await needFinance(input).reportFigures(input.visible, [id]);
  return withData(input.body, { ...data, report: { ...data.report, ...sumsView(figures.get(id)) } });
}

export async function payoutsFilter(input: JsonFilterInput): Promise<unknown> {
  const data = nsData(input.body, 'payouts');
  const list = rows(data, 'payouts', 'payouts');
  const ids = list.map((p) => reportId(p.reportId));
  if (ids.some((id) => id === null)) throw new FilterError('FILTER_UNEXPECTED_SHAPE', 'payouts[].reportId');
  const figures = await needFinance(input).reportFigures(input.visible, ids as string[]);
  const payouts = list.map((p, i) => ({
    ...p,
    amount: Math.max(0, rub(figures.get(ids[i]!)?.bankPayment ?? '0')),
  }));
  return withData(input.body, { ...data, payouts: pageOf(payouts, input.page), count: payouts.length });
}

/** One detail line's part of the sums, by WB's arithmetic (returns count negative in sales and forPay). */
function lineTotals(lines: Record<string, unknown>[]): Record<string, number> {
  let sale = 0;
  let forPay = 0;
  let delivery = 0;
  let storage = 0;
  let penalty = 0;
  let deduction = 0;
  let acceptance = 0;
  let additional = 0;
  let rebill = 0;
  let sales = 0;
  let returns = 0;
  for (const l of lines) {
    const sign = l.doc_type_name === 'Возврат' ? -1 : 1;
    if (l.doc_type_name === 'Продажа') sales++;
    if (l.doc_type_name === 'Возврат') returns++;
    sale += sign * kopecks(l.retail_amount);
    forPay += sign * kopecks(l.ppvz_for_pay);
    delivery += kopecks(l.delivery_rub);
    storage += kopecks(l.storage_fee);
    penalty += kopecks(l.penalty);
    deduction += kopecks(l.deduction);
    acceptance += kopecks(l.acceptance);
    additional += kopecks(l.additional_payment);
    rebill += kopecks(l.rebill_logistic_cost);
  }
  const bank = forPay - delivery - storage - acceptance - deduction - penalty + additional - rebill;
  return {
    totalSale: sale / 100,
    forPay: forPay / 100,
    deliveryRub: (delivery + rebill) / 100,
    storageFee: storage / 100,
    penalty: penalty / 100,
    deduction: deduction / 100,
    acceptance: acceptance / 100,
    additionalPayment: additional / 100,
    bankPaymentSum: bank / 100,
    salesCount: sales,
    returnsCount: returns,
    rowsCount: lines.length,
  };
}

export function reportDetailsFilter({ body, visible, stats, page }: JsonFilterInput): unknown {
  const data = nsData(body, 'report details');
  const kept = rows(data, 'details', 'report details').filter((l) => {
    const nm = toNmId(l.nm_id);
    const date = typeof l.rr_dt === 'string' ? l.rr_dt : typeof l.sale_dt === 'string' ? l.sale_dt : null;
    const ok = nm !== null && nm > 0 && date !== null && visible.visibleAt(nm, date);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
  return withData(body, {
    ...data,
    details: pageOf(kept, page),
    count: kept.length,
    totals: lineTotals(kept),
  });
}
