import type { SellerAccount } from './accounts.ts';
import type { Card } from './catalog.ts';
import { FATE_NONE, LAG_MAX_DAYS, type OrderBook, type OrderRecord } from './orders.ts';
import { PICKUP_OFFICES, type PickupOffice } from './reference.ts';
import { LruCache } from '../util/lru.ts';
import { DAY_MS, dayStartMs, weekday, weekStartDayNo } from '../util/moscow.ts';
import { Rng, hashInts } from '../util/random.ts';

/**
 * Realization reports (finance-api `sales-reports/*`, and the legacy v5 `reportDetailByPeriod`).
 *
 * A day's *operations* are what happened to the seller's money that day: sales and returns (with the
 * delivery trip each implies), refusals at pick-up (the trip back), storage, penalties, deductions, paid
 * acceptance, compensations and rebilled logistics. The same operations appear in the daily report of that
 * day and in the weekly report of its week (a different `rrdId` each: weekly and daily rows are distinct rows
 * at WB too). Operations are independent of "now": a report only becomes visible once its period is over.
 *
 * `rrdId` = account base + period space + day × 2^22 + position within the day, so rows ascend by rrdId
 * in day order and paging can resume from any rrdId without state.
 */

export type FinancePeriod = 'weekly' | 'daily';

export type OpKind =
  | 'sale'
  | 'return'
  | 'logistics-sale'
  | 'logistics-return'
  | 'logistics-refuse'
  | 'storage'
  | 'storage-cabinet'
  | 'penalty'
  | 'deduction'
  | 'acceptance'
  | 'additional'
  | 'rebill';

/** One report line's worth of facts (kopecks for money). */
export interface FinanceOp {
  readonly kind: OpKind;
  /** When it happened. */
  readonly at: number;
  readonly dayNo: number;
  readonly order?: OrderRecord;
  readonly card?: Card;
  readonly amount: number;
  readonly bonusTypeName?: string;
  readonly office?: PickupOffice;
}

/** The money columns of one line, kopecks, with WB's sign conventions applied for totals. */
export interface OpMoney {
  retailAmount: number;
  forPay: number;
  deliveryService: number;
  paidStorage: number;
  penalty: number;
  deduction: number;
  paidAcceptance: number;
  additionalPayment: number;
  rebillLogisticCost: number;
  acquiringFee: number;
  ppvzSalesCommission: number;
}

export const MONEY_FIELDS = [
  'retailAmount',
  'forPay',
  'deliveryService',
  'paidStorage',
  'penalty',
  'deduction',
  'paidAcceptance',
  'additionalPayment',
  'rebillLogisticCost',
  'acquiringFee',
  'ppvzSalesCommission',
] as const satisfies ReadonlyArray<keyof OpMoney>;

export interface Report {
  readonly accountIndex: number;
  readonly period: FinancePeriod;
  /** Weekly ids fit a JS number; daily ids exceed 2^53 (WB warns clients to parse them BigInt-safe). */
  readonly reportId: bigint;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly createDay: number;
}

/** Report totals in the list's (SalesReportListRes) terms, kopecks. */
export interface ReportSums {
  rows: number;
  sales: number;
  returns: number;
  retailAmount: number;
  forPay: number;
  deliveryService: number;
  paidStorage: number;
  paidAcceptance: number;
  deduction: number;
  penalty: number;
  additionalPayment: number;
  rebillLogisticCost: number;
  acquiringFee: number;
  ppvzSalesCommission: number;
  salePercentSum: number;
  /** forPay − delivery − storage − acceptance − deduction − penalty + additional − rebill. */
  bankPayment: number;
  /** Plain column sums over the rows as sent (returns not subtracted): what `SUM(column)` over stored rows gives. */
  columns: OpMoney;
}

const TAG_OPS = 31;
const DAY_STRIDE = 2 ** 22;
/** Reports exist from this day (WB: data from 2024-01-29); our history starts later anyway. */
const RRD_EPOCH_DAY = 18_262; // 2020-01-01

export function emptySums(): ReportSums {
  return {
    rows: 0,
    sales: 0,
    returns: 0,
    retailAmount: 0,
    forPay: 0,
    deliveryService: 0,
    paidStorage: 0,
    paidAcceptance: 0,
    deduction: 0,
    penalty: 0,
    additionalPayment: 0,
    rebillLogisticCost: 0,
    acquiringFee: 0,
    ppvzSalesCommission: 0,
    salePercentSum: 0,
    bankPayment: 0,
    columns: zeroMoney(),
  };
}

export function zeroMoney(): OpMoney {
  return {
    retailAmount: 0,
    forPay: 0,
    deliveryService: 0,
    paidStorage: 0,
    penalty: 0,
    deduction: 0,
    paidAcceptance: 0,
    additionalPayment: 0,
    rebillLogisticCost: 0,
    acquiringFee: 0,
    ppvzSalesCommission: 0,
  };
}

/** The money of one operation (positive as WB writes it; returns are told apart by docTypeName). */
export function opMoney(op: FinanceOp): OpMoney {
  const m = zeroMoney();
  const o = op.order;
  switch (op.kind) {
    case 'sale':
    case 'return':
      if (o) {
        m.retailAmount = o.finishedPrice;
        m.forPay = o.forPay;
        m.acquiringFee = o.acquiringFee;
        m.ppvzSalesCommission = o.vw;
      }
      break;
    case 'logistics-sale':
    case 'logistics-return':
    case 'logistics-refuse':
      m.deliveryService = op.amount;
      break;
    case 'storage':
    case 'storage-cabinet':
      m.paidStorage = op.amount;
      break;
    case 'penalty':
      m.penalty = op.amount;
      break;
    case 'deduction':
      m.deduction = op.amount;
      break;
    case 'acceptance':
      m.paidAcceptance = op.amount;
      break;
    case 'additional':
      m.additionalPayment = op.amount;
      break;
    case 'rebill':
      m.rebillLogisticCost = op.amount;
      break;
  }
  return m;
}

/** Adds one operation to report totals (returns subtract from sales figures). */
export function addToSums(s: ReportSums, op: FinanceOp): void {
  const m = opMoney(op);
  const sign = op.kind === 'return' ? -1 : 1;
  s.rows++;
  for (const k of MONEY_FIELDS) s.columns[k] += m[k];
  if (op.kind === 'sale') {
    s.sales++;
    s.salePercentSum += op.order?.discountPercent ?? 0;
  }
  if (op.kind === 'return') s.returns++;
  s.retailAmount += sign * m.retailAmount;
  s.forPay += sign * m.forPay;
  s.acquiringFee += sign * m.acquiringFee;
  s.ppvzSalesCommission += sign * m.ppvzSalesCommission;
  s.deliveryService += m.deliveryService;
  s.paidStorage += m.paidStorage;
  s.paidAcceptance += m.paidAcceptance;
  s.deduction += m.deduction;
  s.penalty += m.penalty;
  s.additionalPayment += m.additionalPayment;
  s.rebillLogisticCost += m.rebillLogisticCost;
  s.bankPayment =
    s.forPay -
    s.deliveryService -
    s.paidStorage -
    s.paidAcceptance -
    s.deduction -
    s.penalty +
    s.additionalPayment -
    s.rebillLogisticCost;
}

export function mergeSums(into: ReportSums, add: ReportSums): void {
  for (const k of Object.keys(into) as Array<keyof ReportSums>) {
    if (k !== 'columns') into[k] += add[k];
  }
  for (const k of MONEY_FIELDS) into.columns[k] += add.columns[k];
}

const KIND_ORDER: Record<OpKind, number> = {
  sale: 0,
  'logistics-sale': 1,
  return: 2,
  'logistics-return': 3,
  'logistics-refuse': 4,
  storage: 5,
  'storage-cabinet': 6,
  acceptance: 7,
  penalty: 8,
  deduction: 9,
  additional: 10,
  rebill: 11,
};

const PENALTIES = [
  'Штраф за нарушение правил маркировки',
  'Штраф за недовложение товара в поставку',
  'Штраф за отмену заказа продавцом',
  'Штраф МП. Невыполненный заказ (отмена клиентом после недовоза)',
];
const DEDUCTIONS = [
  'Оказание услуг «ВБ.Продвижение»',
  'Удержание за подписку «Джем»',
  'Оказание услуг «Платная приёмка»',
];

/** A day's operations of one account, and the reports they make up. */
export class FinanceBook {
  readonly account: SellerAccount;
  private readonly seed: number;
  private readonly orders: OrderBook;
  // A day's operations hold materialised orders: keep only a few days, so memory stays flat at any volume.
  private readonly opsCache = new LruCache<number, FinanceOp[]>(4);
  private readonly daySums = new Map<number, ReportSums>();

  constructor(seed: number, orders: OrderBook) {
    this.seed = seed;
    this.orders = orders;
    this.account = orders.account;
  }

  /** The first day with operations (the history start). */
  get firstDay(): number {
    return this.orders.historyFirstDay;
  }

  /** All operations of a Moscow day, in rrdId order. */
  opsOfDay(dayNo: number): FinanceOp[] {
    const cached = this.opsCache.get(dayNo);
    if (cached) return cached;
    const ops = dayNo < this.firstDay ? [] : this.buildOps(dayNo);
    this.opsCache.set(dayNo, ops);
    return ops;
  }

  private buildOps(dayNo: number): FinanceOp[] {
    const lo = dayStartMs(dayNo);
    const hi = lo + DAY_MS;
    const events: Array<[number, number, number, OpKind]> = [];
    for (let d = dayNo - LAG_MAX_DAYS; d <= dayNo; d++) {
      const f = this.orders.fates(d);
      const base = dayStartMs(d);
      const inDay = (v: number) => v !== FATE_NONE && base + v * 1000 >= lo && base + v * 1000 < hi;
      for (let i = 0; i < f.count; i++) {
        if (inDay(f.saleAt[i] as number)) events.push([base + (f.saleAt[i] as number) * 1000, d, i, 'sale']);
        if (inDay(f.returnAt[i] as number))
          events.push([base + (f.returnAt[i] as number) * 1000, d, i, 'return']);
        if (inDay(f.refuseAt[i] as number)) {
          events.push([base + (f.refuseAt[i] as number) * 1000, d, i, 'logistics-refuse']);
        }
      }
    }
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || KIND_ORDER[x[3]] - KIND_ORDER[y[3]]);
    const ops: FinanceOp[] = [];
    for (const [t, d, i, kind] of events) {
      const order = this.orders.materialize(d, i);
      if (kind === 'sale') {
        ops.push({ kind, at: t, dayNo, order, amount: 0, office: order.office });
        ops.push({
          kind: 'logistics-sale',
          at: t,
          dayNo,
          order,
          amount: order.delivery,
          bonusTypeName: 'К клиенту при продаже',
          office: order.office,
        });
      } else if (kind === 'return') {
        ops.push({ kind, at: t, dayNo, order, amount: 0, office: order.office });
        ops.push({
          kind: 'logistics-return',
          at: t,
          dayNo,
          order,
          amount: order.delivery,
          bonusTypeName: 'От клиента при возврате',
          office: order.office,
        });
      } else {
        ops.push({
          kind,
          at: t,
          dayNo,
          order,
          amount: order.delivery,
          bonusTypeName: 'От клиента при отмене',
          office: order.office,
        });
      }
    }
    // Costs not tied to an order: drawn per day.
    const rng = new Rng(hashInts(this.seed, TAG_OPS, this.account.index, dayNo));
    const noon = lo + 12 * 3_600_000;
    for (const card of this.account.cards) {
      ops.push({ kind: 'storage', at: noon, dayNo, card, amount: rng.int(50, 3_000) });
    }
    if (rng.chance(0.3))
      ops.push({ kind: 'storage-cabinet', at: noon, dayNo, amount: rng.int(1_000, 20_000) });
    if (rng.chance(0.2)) {
      for (let k = rng.int(1, 3); k > 0; k--) {
        ops.push({
          kind: 'acceptance',
          at: noon,
          dayNo,
          card: rng.pick(this.account.cards),
          amount: rng.int(1_000, 30_000),
        });
      }
    }
    if (rng.chance(0.15)) {
      const withNm = rng.chance(0.5);
      ops.push({
        kind: 'penalty',
        at: noon,
        dayNo,
        ...(withNm ? { card: rng.pick(this.account.cards) } : {}),
        amount: rng.int(10_000, 200_000),
        bonusTypeName: rng.pick(PENALTIES),
      });
    }
    if (weekday(dayNo) === 0 || rng.chance(0.1)) {
      ops.push({
        kind: 'deduction',
        at: noon,
        dayNo,
        amount: rng.int(50_000, 500_000),
        bonusTypeName: rng.pick(DEDUCTIONS),
      });
    }
    if (rng.chance(0.05)) {
      ops.push({
        kind: 'additional',
        at: noon,
        dayNo,
        card: rng.pick(this.account.cards),
        amount: rng.int(20_000, 300_000),
        bonusTypeName: 'Компенсация ущерба',
      });
    }
    if (rng.chance(0.1)) {
      ops.push({
        kind: 'rebill',
        at: noon,
        dayNo,
        card: rng.pick(this.account.cards),
        amount: rng.int(500, 10_000),
        office: rng.pick(PICKUP_OFFICES),
      });
    }
    return ops;
  }

  /** rrdId of the `seq`-th operation of a day in a period's reports. */
  rrdId(period: FinancePeriod, dayNo: number, seq: number): number {
    return (
      (this.account.index + 1) * 1e12 +
      (period === 'daily' ? 5e11 : 0) +
      (dayNo - RRD_EPOCH_DAY) * DAY_STRIDE +
      seq
    );
  }

  /** The (day, position) an rrdId points at, or undefined when it is not one of this account's. */
  locateRrdId(period: FinancePeriod, rrdId: number): { dayNo: number; seq: number } | undefined {
    const rel = rrdId - this.rrdId(period, RRD_EPOCH_DAY, 0);
    if (!(rel >= 0) || rel >= 5e11) return undefined;
    return { dayNo: RRD_EPOCH_DAY + Math.floor(rel / DAY_STRIDE), seq: rel % DAY_STRIDE };
  }

  /** The report a day's operations belong to. */
  reportOf(period: FinancePeriod, dayNo: number): Report {
    const a = this.account.index;
    if (period === 'weekly') {
      const first = weekStartDayNo(dayNo);
      return {
        accountIndex: a,
        period,
        reportId: BigInt(300_000_000 + a * 1_000_000 + Math.floor((first - RRD_EPOCH_DAY) / 7)),
        firstDay: first,
        lastDay: first + 6,
        createDay: first + 7,
      };
    }
    return {
      accountIndex: a,
      period,
      reportId: 2n ** 53n + BigInt(a + 1) * 1_000_000_000n + BigInt(dayNo - RRD_EPOCH_DAY),
      firstDay: dayNo,
      lastDay: dayNo,
      createDay: dayNo + 1,
    };
  }

  /** Finds a report by id (either period), or undefined. */
  reportById(reportId: bigint): Report | undefined {
    const a = BigInt(this.account.index);
    const weeklyBase = 300_000_000n + a * 1_000_000n;
    if (reportId >= weeklyBase && reportId < weeklyBase + 1_000_000n) {
      // Week k starts on the Monday after RRD_EPOCH_DAY + 7k (a Wednesday): any day of it will do.
      return this.reportOf('weekly', RRD_EPOCH_DAY + Number(reportId - weeklyBase) * 7 + 6);
    }
    const dailyBase = 2n ** 53n + (a + 1n) * 1_000_000_000n;
    if (reportId >= dailyBase && reportId < dailyBase + 1_000_000_000n) {
      return this.reportOf('daily', RRD_EPOCH_DAY + Number(reportId - dailyBase));
    }
    return undefined;
  }

  /** Whether a report can be seen at `nowMs` (its create day has begun) and has any rows. */
  isAvailable(report: Report, nowMs: number): boolean {
    return dayStartMs(report.createDay) <= nowMs && report.lastDay >= this.firstDay;
  }

  /**
   * Available reports of a period whose period overlaps [fromDay, toDay], oldest first.
   */
  reportsOverlapping(period: FinancePeriod, fromDay: number, toDay: number, nowMs: number): Report[] {
    const out: Report[] = [];
    const start = Math.max(fromDay, this.firstDay);
    let day = period === 'weekly' ? weekStartDayNo(start) : start;
    const step = period === 'weekly' ? 7 : 1;
    for (; day <= toDay; day += step) {
      const r = this.reportOf(period, day);
      if (!this.isAvailable(r, nowMs)) break;
      out.push(r);
    }
    return out;
  }

  /**
   * Rows of the given reports (ascending, as their days are) with rrdId greater than `afterRrdId`.
   * Days wholly before the cursor are skipped without generating them.
   */
  *rows(
    period: FinancePeriod,
    reports: readonly Report[],
    afterRrdId: number,
  ): Generator<{ report: Report; op: FinanceOp; rrdId: number }> {
    for (const report of reports) {
      for (let day = report.firstDay; day <= report.lastDay; day++) {
        if (this.rrdId(period, day, DAY_STRIDE - 1) <= afterRrdId) continue;
        const ops = this.opsOfDay(day);
        for (let seq = 0; seq < ops.length; seq++) {
          const rrdId = this.rrdId(period, day, seq);
          if (rrdId > afterRrdId) yield { report, op: ops[seq] as FinanceOp, rrdId };
        }
      }
    }
  }

  /** Totals of one day's operations (cached: operations never change). */
  sumsOfDay(dayNo: number): ReportSums {
    const cached = this.daySums.get(dayNo);
    if (cached) return cached;
    const s = emptySums();
    for (const op of this.opsOfDay(dayNo)) addToSums(s, op);
    this.daySums.set(dayNo, s);
    return s;
  }

  /** Totals of one report: the sum of its days. */
  sums(report: Report): ReportSums {
    const s = emptySums();
    for (let d = report.firstDay; d <= report.lastDay; d++) mergeSums(s, this.sumsOfDay(d));
    return s;
  }
}
