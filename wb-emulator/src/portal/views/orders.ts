import type { OrderRecord } from '../../data/orders.ts';
import { ordersOnDay } from '../../data/statistics.ts';
import type { AccountData } from '../../data/world.ts';
import { moscowLocal } from '../../util/moscow.ts';
import type { RequestOrigins } from '../http/origins.ts';
import { cardPhotos, matchesCard, rub } from './common.ts';

export type OrderStatus = 'new' | 'cancelled' | 'refused' | 'sold' | 'returned';

export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = {
  new: 'В пути к клиенту',
  cancelled: 'Отмена',
  refused: 'Отказ при получении',
  sold: 'Выкуп',
  returned: 'Возврат',
};

export function orderStatus(o: OrderRecord, nowMs: number): OrderStatus {
  if (o.cancelAt !== null && o.cancelAt <= nowMs) return 'cancelled';
  if (o.refuseAt !== null && o.refuseAt <= nowMs) return 'refused';
  if (o.returnAt !== null && o.returnAt <= nowMs) return 'returned';
  if (o.saleAt !== null && o.saleAt <= nowMs) return 'sold';
  return 'new';
}

export interface OrdersQuery {
  fromDay: number;
  toDay: number;
  search?: string | undefined;
  status?: OrderStatus | undefined;
  nmId?: number | undefined;
  warehouse?: string | undefined;
}

/** Orders placed on the days of the range (newest first), filtered. */
export function ordersInRange(d: AccountData, q: OrdersQuery, nowMs: number): OrderRecord[] {
  const out: OrderRecord[] = [];
  for (let day = q.toDay; day >= q.fromDay; day--) {
    const dayOrders = [...ordersOnDay(d.orders, day, nowMs)].reverse();
    for (const o of dayOrders) {
      if (o.orderedAt > nowMs) continue;
      if (q.nmId !== undefined && o.card.nmID !== q.nmId) continue;
      if (q.warehouse && o.warehouseName !== q.warehouse) continue;
      if (q.status && orderStatus(o, nowMs) !== q.status) continue;
      if (!matchesCard(o.card, q.search) && o.srid !== q.search) continue;
      out.push(o);
    }
  }
  return out;
}

/** The orders table row (nmId spelled `nmId`). */
export function orderView(o: OrderRecord, nowMs: number, origins: RequestOrigins): Record<string, unknown> {
  const status = orderStatus(o, nowMs);
  const c = o.card;
  return {
    srid: o.srid,
    orderDate: moscowLocal(o.orderedAt),
    nmId: c.nmID,
    supplierArticle: c.vendorCode,
    brand: c.brand,
    subject: c.subject.subjectName,
    title: c.title,
    techSize: o.size.techSize,
    barcode: o.barcode,
    warehouseName: o.warehouseName,
    warehouseType: o.warehouseType,
    regionName: o.region.regionName,
    oblastOkrugName: o.region.oblastOkrugName,
    totalPrice: rub(o.totalPrice),
    discountPercent: o.discountPercent,
    spp: o.spp,
    priceWithDisc: rub(o.priceWithDisc),
    finishedPrice: rub(o.finishedPrice),
    status,
    statusName: ORDER_STATUS_NAMES[status],
    cancelDate: status === 'cancelled' && o.cancelAt !== null ? moscowLocal(o.cancelAt) : null,
    gNumber: o.gNumber,
    sticker: o.sticker,
    photo: cardPhotos(c, origins),
  };
}

/** Totals of a filtered order list (what the page header shows). */
export function orderTotals(orders: readonly OrderRecord[], nowMs: number) {
  let sum = 0;
  let cancelled = 0;
  let cancelledSum = 0;
  let sold = 0;
  for (const o of orders) {
    sum += o.finishedPrice;
    const s = orderStatus(o, nowMs);
    if (s === 'cancelled') {
      cancelled++;
      cancelledSum += o.finishedPrice;
    }
    if (s === 'sold') sold++;
  }
  return {
    count: orders.length,
    sum: rub(sum),
    cancelledCount: cancelled,
    cancelledSum: rub(cancelledSum),
    soldCount: sold,
  };
}
