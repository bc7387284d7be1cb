import { cardUpdatedAt } from './catalog.ts';
import { emptySums, mergeSums, MONEY_FIELDS, type FinancePeriod, type ReportSums } from './finance.ts';
import { isAnswered } from './feedbacks.ts';
import { ordersByLastChange, salesByLastChange } from './statistics.ts';
import { incomesSince, stockSnapshot, stockSnapshotAt } from './stocks.ts';
import type { AccountData, World } from './world.ts';
import { fixedMoneyString } from '../util/money.ts';
import { moscowDayNo, moscowLocal } from '../util/moscow.ts';

/**
 * What a perfect sync started now and run to completion would store, per dataset: row counts (deduplicated
 * by each dataset's natural key) and exact money totals as decimal strings with two places
 * (compare them as decimals: `numeric` sums in PostgreSQL may print fewer places).
 */
export interface Truth {
  account: { id: number; oid: number; name: string };
  /** The emulator clock the truth was computed at (ISO, and Moscow local). */
  asOf: string;
  asOfMoscow: string;
  orders: {
    rows: number;
    cancelled: number;
    totalPrice: string;
    priceWithDisc: string;
    finishedPrice: string;
  };
  sales: {
    rows: number;
    sales: number;
    returns: number;
    /** Signed sums over the feed (returns negative, as the feed sends them). */
    forPay: string;
    finishedPrice: string;
    priceWithDisc: string;
  };
  finance: Record<FinancePeriod, FinanceTruth>;
  stocks: {
    rows: number;
    quantity: number;
    inWayToClient: number;
    inWayFromClient: number;
    snapshotAt: string;
  };
  cards: { rows: number; sizes: number; barcodes: number; lastUpdatedAt: string | null };
  incomes: { rows: number; quantity: number };
  feedbacks: { rows: number; unanswered: number };
  questions: { rows: number; unanswered: number };
  adverts: { rows: number; nmLinks: number };
  prices: { rows: number };
  balance: { currency: 'RUB'; current: string; forWithdraw: string };
}

export interface FinanceTruth {
  reports: number;
  rows: number;
  /** `SUM(column)` over the rows as sent (returns are positive lines, told apart by docTypeName). */
  columns: Record<(typeof MONEY_FIELDS)[number], string>;
  /** Net figures as the report list shows them (SalesReportListRes). */
  totals: {
    sales: number;
    returns: number;
    /** Sales minus returns (retailAmountSum). */
    retailAmount: string;
    /** Sales minus returns (forPaySum). */
    forPay: string;
    deliveryService: string;
    paidStorage: string;
    paidAcceptance: string;
    deduction: string;
    penalty: string;
    additionalPayment: string;
    rebillLogisticCost: string;
    /** forPay − deliveryService − paidStorage − paidAcceptance − deduction − penalty + additionalPayment − rebillLogisticCost. */
    bankPayment: string;
  };
}

const money = fixedMoneyString;

function financeTruth(d: AccountData, period: FinancePeriod, nowMs: number): FinanceTruth {
  const reports = d.finance.reportsOverlapping(period, d.finance.firstDay, moscowDayNo(nowMs), nowMs);
  const s: ReportSums = emptySums();
  for (const r of reports) mergeSums(s, d.finance.sums(r));
  return {
    reports: reports.length,
    rows: s.rows,
    columns: Object.fromEntries(MONEY_FIELDS.map((k) => [k, money(s.columns[k])])) as FinanceTruth['columns'],
    totals: {
      sales: s.sales,
      returns: s.returns,
      retailAmount: money(s.retailAmount),
      forPay: money(s.forPay),
      deliveryService: money(s.deliveryService),
      paidStorage: money(s.paidStorage),
      paidAcceptance: money(s.paidAcceptance),
      deduction: money(s.deduction),
      penalty: money(s.penalty),
      additionalPayment: money(s.additionalPayment),
      rebillLogisticCost: money(s.rebillLogisticCost),
      bankPayment: money(s.bankPayment),
    },
  };
}

/**
 * The seller's balance widget: `current` is what accrued since the last weekly report (the daily reports
 * after it), `forWithdraw` is the last weekly report's bank payment (never negative). Kopecks.
 */
export function balanceOf(d: AccountData, nowMs: number): { current: number; forWithdraw: number } {
  const today = moscowDayNo(nowMs);
  const weekly = d.finance.reportsOverlapping('weekly', d.finance.firstDay, today, nowMs);
  const last = weekly.at(-1);
  const since = last ? last.lastDay + 1 : d.finance.firstDay;
  let current = 0;
  for (const r of d.finance.reportsOverlapping('daily', since, today, nowMs))
    current += d.finance.sums(r).bankPayment;
  return { current, forWithdraw: last ? Math.max(0, d.finance.sums(last).bankPayment) : 0 };
}

export function computeTruth(world: World, d: AccountData, nowMs: number): Truth {
  const orders = { rows: 0, cancelled: 0, totalPrice: 0, priceWithDisc: 0, finishedPrice: 0 };
  for (const o of ordersByLastChange(d.orders, Number.NEGATIVE_INFINITY, nowMs)) {
    orders.rows++;
    if (o.cancelLcd !== null && o.cancelLcd <= nowMs) orders.cancelled++;
    orders.totalPrice += o.totalPrice;
    orders.priceWithDisc += o.priceWithDisc;
    orders.finishedPrice += o.finishedPrice;
  }
  const sales = { rows: 0, sales: 0, returns: 0, forPay: 0, finishedPrice: 0, priceWithDisc: 0 };
  for (const e of salesByLastChange(d.orders, Number.NEGATIVE_INFINITY, nowMs)) {
    const sign = e.kind === 'sale' ? 1 : -1;
    sales.rows++;
    if (e.kind === 'sale') sales.sales++;
    else sales.returns++;
    sales.forPay += sign * e.order.forPay;
    sales.finishedPrice += sign * e.order.finishedPrice;
    sales.priceWithDisc += sign * e.order.priceWithDisc;
  }
  const stocks = stockSnapshot(world.seed, d.account, nowMs);
  const incomes = incomesSince(world.seed, d.account, world.firstDay, Number.NEGATIVE_INFINITY, nowMs);
  const feedbacks = d.feedbacks.feedbacks(nowMs);
  const questions = d.feedbacks.questions(nowMs);
  const cards = d.account.cards;
  const lastUpdated = cards.length ? Math.max(...cards.map((c) => cardUpdatedAt(c, nowMs))) : null;
  const balance = balanceOf(d, nowMs);
  return {
    account: { id: d.account.id, oid: d.account.oid, name: d.account.name },
    asOf: new Date(nowMs).toISOString(),
    asOfMoscow: moscowLocal(nowMs),
    orders: {
      rows: orders.rows,
      cancelled: orders.cancelled,
      totalPrice: money(orders.totalPrice),
      priceWithDisc: money(orders.priceWithDisc),
      finishedPrice: money(orders.finishedPrice),
    },
    sales: {
      rows: sales.rows,
      sales: sales.sales,
      returns: sales.returns,
      forPay: money(sales.forPay),
      finishedPrice: money(sales.finishedPrice),
      priceWithDisc: money(sales.priceWithDisc),
    },
    finance: { weekly: financeTruth(d, 'weekly', nowMs), daily: financeTruth(d, 'daily', nowMs) },
    stocks: {
      rows: stocks.length,
      quantity: stocks.reduce((n, r) => n + r.quantity, 0),
      inWayToClient: stocks.reduce((n, r) => n + r.inWayToClient, 0),
      inWayFromClient: stocks.reduce((n, r) => n + r.inWayFromClient, 0),
      snapshotAt: new Date(stockSnapshotAt(nowMs)).toISOString(),
    },
    cards: {
      rows: cards.length,
      sizes: cards.reduce((n, c) => n + c.sizes.length, 0),
      barcodes: cards.reduce((n, c) => n + c.sizes.reduce((m, s) => m + s.skus.length, 0), 0),
      lastUpdatedAt: lastUpdated === null ? null : new Date(lastUpdated).toISOString(),
    },
    incomes: { rows: incomes.length, quantity: incomes.reduce((n, l) => n + l.quantity, 0) },
    feedbacks: { rows: feedbacks.length, unanswered: feedbacks.filter((f) => !isAnswered(f, nowMs)).length },
    questions: { rows: questions.length, unanswered: questions.filter((q) => !isAnswered(q, nowMs)).length },
    adverts: { rows: d.adverts.length, nmLinks: d.adverts.reduce((n, a) => n + a.nms.length, 0) },
    prices: { rows: cards.length },
    balance: { currency: 'RUB', current: money(balance.current), forWithdraw: money(balance.forWithdraw) },
  };
}
