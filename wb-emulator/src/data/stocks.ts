import type { SellerAccount } from './accounts.ts';
import type { Card, CardSize } from './catalog.ts';
import { incomeIdFor } from './orders.ts';
import type { Warehouse } from './reference.ts';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  dayStartMs,
  floorSecond,
  moscowDayNo,
  moscowLocal,
  weekStartDayNo,
} from '../util/moscow.ts';
import { Rng, hashInts } from '../util/random.ts';

/**
 * Stocks on WB warehouses: one row per size per warehouse, refreshed every 30 minutes (the figures change
 * from one half-hour slot to the next, deterministically). And the legacy supplies (`incomes`).
 */

const SLOT_MS = 30 * MINUTE_MS;
const TAG_STOCK = 41;
const TAG_INCOME = 42;

export interface StockRow {
  readonly card: Card;
  readonly size: CardSize;
  readonly warehouse: Warehouse;
  readonly quantity: number;
  readonly inWayToClient: number;
  readonly inWayFromClient: number;
  /** When this row last changed (legacy feed's lastChangeDate). */
  readonly lastChangeMs: number;
}

/** The half-hour slot a snapshot belongs to (its start instant). */
export function stockSnapshotAt(nowMs: number): number {
  return Math.floor(nowMs / SLOT_MS) * SLOT_MS;
}

/** Every stock row of an account as of `nowMs`, ordered by nmId, chrtId, warehouseId. */
export function stockSnapshot(seed: number, account: SellerAccount, nowMs: number): StockRow[] {
  const slot = stockSnapshotAt(nowMs);
  const slotNo = slot / SLOT_MS;
  const rows: StockRow[] = [];
  for (const card of account.cards) {
    for (const size of card.sizes) {
      for (const warehouse of [...card.warehouses].sort((x, y) => x.id - y.id)) {
        const base = new Rng(hashInts(seed, TAG_STOCK, account.index, size.chrtID, warehouse.id));
        const level = base.chance(0.1) ? 0 : base.int(5, 300);
        const rng = new Rng(hashInts(seed, TAG_STOCK, account.index, size.chrtID, warehouse.id, slotNo));
        const quantity = level === 0 ? 0 : Math.max(0, level + rng.int(-5, 5));
        rows.push({
          card,
          size,
          warehouse,
          quantity,
          inWayToClient: rng.int(0, 12),
          inWayFromClient: rng.int(0, 4),
          lastChangeMs: floorSecond(slot - base.int(0, 20) * DAY_MS - base.int(0, DAY_MS - 1)),
        });
      }
    }
  }
  return rows;
}

/** seller-analytics `stocks-report/wb-warehouses` item (InventoryWbResponse.items[]). */
export function wbWarehouseStockItem(r: StockRow): Record<string, unknown> {
  return {
    nmId: r.card.nmID,
    chrtId: r.size.chrtID,
    warehouseId: r.warehouse.id,
    warehouseName: r.warehouse.name,
    regionName: r.warehouse.regionName,
    quantity: r.quantity,
    inWayToClient: r.inWayToClient,
    inWayFromClient: r.inWayFromClient,
  };
}

/** Legacy statistics `/api/v1/supplier/stocks` row (StocksItem, 2025-12). */
export function legacyStockRow(r: StockRow): Record<string, unknown> {
  const c = r.card;
  return {
    lastChangeDate: moscowLocal(r.lastChangeMs),
    warehouseName: r.warehouse.name,
    supplierArticle: c.vendorCode,
    nmId: c.nmID,
    barcode: r.size.skus[0],
    quantity: r.quantity,
    inWayToClient: r.inWayToClient,
    inWayFromClient: r.inWayFromClient,
    quantityFull: r.quantity + r.inWayToClient + r.inWayFromClient,
    category: c.subject.category,
    subject: c.subject.subjectName,
    brand: c.brand,
    techSize: r.size.techSize,
    Price: c.priceRub,
    Discount: c.discount,
    isSupply: true,
    isRealization: false,
    SCCode: 'Tech',
  };
}

export interface IncomeLine {
  readonly incomeId: number;
  readonly card: Card;
  readonly size: CardSize;
  readonly warehouse: Warehouse;
  readonly quantity: number;
  readonly totalPriceRub: number;
  readonly dateMs: number;
  readonly closeMs: number;
  readonly lastChangeMs: number;
}

/**
 * Supplies of one week: one per warehouse the account ships from, each holding some of the cards stocked
 * there. The incomeID is the one orders of the following week refer to.
 */
export function incomesOfWeek(seed: number, account: SellerAccount, weekStartDay: number): IncomeLine[] {
  const lines: IncomeLine[] = [];
  for (const warehouse of account.warehouses) {
    const rng = new Rng(hashInts(seed, TAG_INCOME, account.index, weekStartDay, warehouse.id));
    const dateMs = floorSecond(dayStartMs(weekStartDay) + rng.int(0, 6) * DAY_MS + rng.int(8, 20) * HOUR_MS);
    const closeMs = floorSecond(dateMs + rng.int(4, 48) * HOUR_MS);
    const incomeId = incomeIdFor(account.index, warehouse.id, weekStartDay);
    for (const card of account.cards) {
      if (!card.warehouses.includes(warehouse) || !rng.chance(0.5)) continue;
      for (const size of card.sizes) {
        lines.push({
          incomeId,
          card,
          size,
          warehouse,
          quantity: rng.int(5, 120),
          totalPriceRub: 0,
          dateMs,
          closeMs,
          lastChangeMs: floorSecond(closeMs + rng.int(1, 3600) * 1000),
        });
      }
    }
  }
  return lines;
}

/** All supply lines visible at now whose lastChangeDate ≥ fromMs, ascending by it. */
export function incomesSince(
  seed: number,
  account: SellerAccount,
  firstDay: number,
  fromMs: number,
  nowMs: number,
): IncomeLine[] {
  const out: IncomeLine[] = [];
  for (let w = weekStartDayNo(firstDay - 7); w <= moscowDayNo(nowMs); w += 7) {
    for (const line of incomesOfWeek(seed, account, w)) {
      if (line.lastChangeMs >= fromMs && line.lastChangeMs <= nowMs) out.push(line);
    }
  }
  return out.sort(
    (x, y) => x.lastChangeMs - y.lastChangeMs || x.incomeId - y.incomeId || x.size.chrtID - y.size.chrtID,
  );
}

/** Legacy statistics `/api/v1/supplier/incomes` row (IncomesItem, 2025-12). */
export function incomeRow(l: IncomeLine): Record<string, unknown> {
  return {
    incomeId: l.incomeId,
    number: '',
    date: moscowLocal(l.dateMs),
    lastChangeDate: moscowLocal(l.lastChangeMs),
    supplierArticle: l.card.vendorCode,
    techSize: l.size.techSize,
    barcode: l.size.skus[0],
    quantity: l.quantity,
    totalPrice: l.totalPriceRub,
    dateClose: moscowLocal(l.closeMs),
    warehouseName: l.warehouse.name,
    nmId: l.card.nmID,
    status: 'Принято',
  };
}
