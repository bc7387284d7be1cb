import {
  FATE_NONE,
  LAG_MAX_DAYS,
  RETENTION_DAYS,
  type DayFates,
  type OrderBook,
  type OrderRecord,
} from './orders.ts';
import { wbMoneyNumber } from '../util/money.ts';
import { DAY_MS, dayStartMs, moscowDayNo, moscowLocal } from '../util/moscow.ts';

/**
 * The statistics feeds (`/api/v1/supplier/orders` and `/sales`) as views of the order book at the
 * emulator's "now": which rows exist, their `lastChangeDate`, and the rows themselves in the spec's order.
 */

export type SaleKind = 'sale' | 'return';

export interface SaleEvent {
  readonly kind: SaleKind;
  readonly order: OrderRecord;
}

const at = (f: DayFates, arr: Int32Array, i: number) => {
  const v = arr[i] as number;
  return v === FATE_NONE ? Number.NaN : dayStartMs(f.dayNo) + v * 1000;
};

/** The order's lastChangeDate as of now (NaN when the order is not visible yet). */
function orderLcdNow(f: DayFates, i: number, nowMs: number): number {
  const created = at(f, f.orderLcd, i);
  if (!(created <= nowMs)) return Number.NaN;
  const cancelled = at(f, f.cancelLcd, i);
  return cancelled <= nowMs ? cancelled : created;
}

/** Oldest instant statistics still keeps (90 days before now). */
export function retentionStartMs(nowMs: number): number {
  return nowMs - RETENTION_DAYS * DAY_MS;
}

/**
 * Orders whose lastChangeDate ≥ fromMs, ascending by it (ties by order identity), as WB's flag=0 paging
 * expects. Lazy: one day of lastChangeDate at a time.
 */
export function* ordersByLastChange(book: OrderBook, fromMs: number, nowMs: number): Generator<OrderRecord> {
  const keepFrom = retentionStartMs(nowMs);
  const firstDay = Math.max(moscowDayNo(fromMs), moscowDayNo(keepFrom), book.historyFirstDay);
  for (let day = firstDay; day <= moscowDayNo(nowMs); day++) {
    const lo = Math.max(dayStartMs(day), fromMs);
    const hi = dayStartMs(day + 1);
    const hits: Array<[number, number, number]> = [];
    for (let d = day - 3; d <= day; d++) {
      const f = book.fates(d);
      for (let i = 0; i < f.count; i++) {
        if (at(f, f.t0, i) < keepFrom) continue;
        const lcd = orderLcdNow(f, i, nowMs);
        if (lcd >= lo && lcd < hi) hits.push([lcd, d, i]);
      }
    }
    hits.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    for (const [, d, i] of hits) yield book.materialize(d, i);
  }
}

/** flag=1: every visible order placed on that Moscow day, by order time. */
export function* ordersOnDay(book: OrderBook, dayNo: number, nowMs: number): Generator<OrderRecord> {
  if (dayStartMs(dayNo + 1) <= retentionStartMs(nowMs)) return;
  const f = book.fates(dayNo);
  const keepFrom = retentionStartMs(nowMs);
  const idx: number[] = [];
  for (let i = 0; i < f.count; i++) {
    if (at(f, f.t0, i) >= keepFrom && orderLcdNow(f, i, nowMs) <= nowMs) idx.push(i);
  }
  idx.sort((x, y) => (f.t0[x] as number) - (f.t0[y] as number) || x - y);
  for (const i of idx) yield book.materialize(dayNo, i);
}

/** Sales and returns whose lastChangeDate ≥ fromMs, ascending by it. */
export function* salesByLastChange(book: OrderBook, fromMs: number, nowMs: number): Generator<SaleEvent> {
  const keepFrom = retentionStartMs(nowMs);
  const firstDay = Math.max(moscowDayNo(fromMs), moscowDayNo(keepFrom), book.historyFirstDay);
  for (let day = firstDay; day <= moscowDayNo(nowMs); day++) {
    const lo = Math.max(dayStartMs(day), fromMs);
    const hi = Math.min(dayStartMs(day + 1), nowMs + 1);
    const hits: Array<[number, number, number, SaleKind]> = [];
    for (let d = day - LAG_MAX_DAYS; d <= day; d++) {
      const f = book.fates(d);
      for (let i = 0; i < f.count; i++) {
        const saleLcd = at(f, f.saleLcd, i);
        if (saleLcd >= lo && saleLcd < hi && at(f, f.saleAt, i) >= keepFrom)
          hits.push([saleLcd, d, i, 'sale']);
        const returnLcd = at(f, f.returnLcd, i);
        if (returnLcd >= lo && returnLcd < hi && at(f, f.returnAt, i) >= keepFrom) {
          hits.push([returnLcd, d, i, 'return']);
        }
      }
    }
    hits.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (x[3] === 'sale' ? -1 : 1));
    for (const [, d, i, kind] of hits) yield { kind, order: book.materialize(d, i) };
  }
}

/** flag=1: sales and returns whose `date` (the sale or return time) is that Moscow day. */
export function* salesOnDay(book: OrderBook, dayNo: number, nowMs: number): Generator<SaleEvent> {
  const keepFrom = retentionStartMs(nowMs);
  const lo = Math.max(dayStartMs(dayNo), keepFrom);
  const hi = dayStartMs(dayNo + 1);
  const hits: Array<[number, number, number, SaleKind]> = [];
  for (let d = dayNo - LAG_MAX_DAYS; d <= dayNo; d++) {
    const f = book.fates(d);
    for (let i = 0; i < f.count; i++) {
      const sale = at(f, f.saleAt, i);
      if (sale >= lo && sale < hi && at(f, f.saleLcd, i) <= nowMs) hits.push([sale, d, i, 'sale']);
      const ret = at(f, f.returnAt, i);
      if (ret >= lo && ret < hi && at(f, f.returnLcd, i) <= nowMs) hits.push([ret, d, i, 'return']);
    }
  }
  hits.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (x[3] === 'sale' ? -1 : 1));
  for (const [, d, i, kind] of hits) yield { kind, order: book.materialize(d, i) };
}

/** The lastChangeDate an order row shows now. */
export function orderLastChange(o: OrderRecord, nowMs: number): number {
  return o.cancelLcd !== null && o.cancelLcd <= nowMs ? o.cancelLcd : o.orderLcd;
}

const NO_DATE = '0001-01-01T00:00:00';

/** An orders-feed row, fields in the order of `OrdersItem` (12-reports.yaml). */
export function orderRow(o: OrderRecord, nowMs: number): Record<string, unknown> {
  const cancelled = o.cancelLcd !== null && o.cancelLcd <= nowMs;
  const c = o.card;
  return {
    date: moscowLocal(o.orderedAt),
    lastChangeDate: moscowLocal(orderLastChange(o, nowMs)),
    warehouseName: o.warehouseName,
    warehouseType: o.warehouseType,
    countryName: o.region.countryName,
    oblastOkrugName: o.region.oblastOkrugName,
    regionName: o.region.regionName,
    supplierArticle: c.vendorCode,
    nmId: c.nmID,
    barcode: o.barcode,
    category: c.subject.category,
    subject: c.subject.subjectName,
    brand: c.brand,
    techSize: o.size.techSize,
    incomeID: o.incomeID,
    isSupply: false,
    isRealization: true,
    totalPrice: wbMoneyNumber(o.totalPrice),
    discountPercent: o.discountPercent,
    spp: o.spp,
    finishedPrice: wbMoneyNumber(o.finishedPrice),
    priceWithDisc: wbMoneyNumber(o.priceWithDisc),
    isCancel: cancelled,
    cancelDate: cancelled && o.cancelAt !== null ? moscowLocal(o.cancelAt) : NO_DATE,
    sticker: o.sticker,
    gNumber: o.gNumber,
    srid: o.srid,
  };
}

/**
 * A sales-feed row (`SalesItem`). Returns (`R…`) carry negative money, as WB's feed does, so the sum of a
 * column over the feed is the net figure.
 */
export function saleRow(e: SaleEvent): Record<string, unknown> {
  const o = e.order;
  const c = o.card;
  const sign = e.kind === 'sale' ? 1 : -1;
  const date = e.kind === 'sale' ? (o.saleAt as number) : (o.returnAt as number);
  const lcd = e.kind === 'sale' ? (o.saleLcd as number) : (o.returnLcd as number);
  return {
    date: moscowLocal(date),
    lastChangeDate: moscowLocal(lcd),
    warehouseName: o.warehouseName,
    warehouseType: o.warehouseType,
    countryName: o.region.countryName,
    oblastOkrugName: o.region.oblastOkrugName,
    regionName: o.region.regionName,
    supplierArticle: c.vendorCode,
    nmId: c.nmID,
    barcode: o.barcode,
    category: c.subject.category,
    subject: c.subject.subjectName,
    brand: c.brand,
    techSize: o.size.techSize,
    incomeID: o.incomeID,
    isSupply: false,
    isRealization: true,
    totalPrice: wbMoneyNumber(o.totalPrice),
    discountPercent: o.discountPercent,
    spp: o.spp,
    paymentSaleAmount: o.paymentSaleAmount,
    forPay: wbMoneyNumber(sign * o.forPay),
    finishedPrice: wbMoneyNumber(sign * o.finishedPrice),
    priceWithDisc: wbMoneyNumber(sign * o.priceWithDisc),
    saleID: e.kind === 'sale' ? o.saleIdSale : o.saleIdReturn,
    sticker: o.sticker,
    gNumber: o.gNumber,
    srid: o.srid,
  };
}
