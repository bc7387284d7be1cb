import type { Card } from '../../data/catalog.ts';
import { stockSnapshot, type StockRow } from '../../data/stocks.ts';
import type { AccountData } from '../../data/world.ts';
import type { RequestOrigins } from '../http/origins.ts';
import { cardPhotos, matchesCard } from './common.ts';

/** Stocks per article (content-analytics "history-remains"): the same snapshot the seller-analytics API sends. */
export interface CardStock {
  readonly card: Card;
  readonly rows: StockRow[];
  readonly quantity: number;
  readonly inWayToClient: number;
  readonly inWayFromClient: number;
}

export function stocksByCard(seed: number, d: AccountData, nowMs: number): CardStock[] {
  const byNm = new Map<number, StockRow[]>();
  for (const r of stockSnapshot(seed, d.account, nowMs)) {
    const list = byNm.get(r.card.nmID) ?? [];
    list.push(r);
    byNm.set(r.card.nmID, list);
  }
  return d.account.cards.map((card) => {
    const rows = byNm.get(card.nmID) ?? [];
    return {
      card,
      rows,
      quantity: rows.reduce((n, r) => n + r.quantity, 0),
      inWayToClient: rows.reduce((n, r) => n + r.inWayToClient, 0),
      inWayFromClient: rows.reduce((n, r) => n + r.inWayFromClient, 0),
    };
  });
}

export interface StocksQuery {
  search?: string | undefined;
  subjectId?: number | undefined;
  hasStock?: boolean | undefined;
  orderBy: 'quantity' | 'nmID' | 'vendorCode';
  desc: boolean;
}

export function filterStocks(items: CardStock[], q: StocksQuery): CardStock[] {
  const dir = q.desc ? -1 : 1;
  return items
    .filter(
      (s) =>
        matchesCard(s.card, q.search) &&
        (q.subjectId === undefined || s.card.subject.subjectID === q.subjectId) &&
        (q.hasStock === undefined || s.quantity > 0 === q.hasStock),
    )
    .sort((x, y) => {
      const a = q.orderBy === 'quantity' ? x.quantity : q.orderBy === 'nmID' ? x.card.nmID : 0;
      const b = q.orderBy === 'quantity' ? y.quantity : q.orderBy === 'nmID' ? y.card.nmID : 0;
      if (q.orderBy === 'vendorCode') return dir * x.card.vendorCode.localeCompare(y.card.vendorCode);
      return dir * (a - b) || x.card.nmID - y.card.nmID;
    });
}

/** One stocks row (nmId spelled `nmID`, sizes and warehouses nested). */
export function stockView(s: CardStock, o: RequestOrigins): Record<string, unknown> {
  const c = s.card;
  const warehouses = new Map<
    number,
    {
      warehouseId: number;
      warehouseName: string;
      quantity: number;
      inWayToClient: number;
      inWayFromClient: number;
    }
  >();
  for (const r of s.rows) {
    const w = warehouses.get(r.warehouse.id) ?? {
      warehouseId: r.warehouse.id,
      warehouseName: r.warehouse.name,
      quantity: 0,
      inWayToClient: 0,
      inWayFromClient: 0,
    };
    w.quantity += r.quantity;
    w.inWayToClient += r.inWayToClient;
    w.inWayFromClient += r.inWayFromClient;
    warehouses.set(r.warehouse.id, w);
  }
  return {
    nmID: c.nmID,
    imtID: c.imtID,
    vendorCode: c.vendorCode,
    brandName: c.brand,
    subjectName: c.subject.subjectName,
    subjectID: c.subject.subjectID,
    title: c.title,
    photo: cardPhotos(c, o),
    quantity: s.quantity,
    inWayToClient: s.inWayToClient,
    inWayFromClient: s.inWayFromClient,
    sizes: c.sizes.map((size) => ({
      chrtID: size.chrtID,
      techSize: size.techSize,
      barcode: size.skus[0],
      quantity: s.rows.filter((r) => r.size.chrtID === size.chrtID).reduce((n, r) => n + r.quantity, 0),
    })),
    warehouses: [...warehouses.values()].sort((x, y) => x.warehouseId - y.warehouseId),
  };
}

export function stockTotals(items: readonly CardStock[]) {
  return {
    cards: items.length,
    quantity: items.reduce((n, s) => n + s.quantity, 0),
    inWayToClient: items.reduce((n, s) => n + s.inWayToClient, 0),
    inWayFromClient: items.reduce((n, s) => n + s.inWayFromClient, 0),
  };
}
