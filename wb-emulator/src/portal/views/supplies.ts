import { incomesSince, type IncomeLine } from '../../data/stocks.ts';
import type { AccountData } from '../../data/world.ts';
import { moscowLocal } from '../../util/moscow.ts';
import type { RequestOrigins } from '../http/origins.ts';
import { cardPhotos } from './common.ts';

/** FBW supplies (seller-supply): the weekly supplies to each warehouse the orders' `incomeID` refer to. */
export interface Supply {
  readonly supplyId: number;
  readonly lines: IncomeLine[];
}

export function suppliesOf(seed: number, firstDay: number, d: AccountData, nowMs: number): Supply[] {
  const byId = new Map<number, IncomeLine[]>();
  for (const line of incomesSince(seed, d.account, firstDay, Number.NEGATIVE_INFINITY, nowMs)) {
    const list = byId.get(line.incomeId) ?? [];
    list.push(line);
    byId.set(line.incomeId, list);
  }
  return [...byId.entries()]
    .map(([supplyId, lines]) => ({ supplyId, lines }))
    .sort((x, y) => (y.lines[0]?.dateMs ?? 0) - (x.lines[0]?.dateMs ?? 0) || y.supplyId - x.supplyId);
}

/** listSupplies item: article ids as an array (`nmIDs`). */
export function supplyView(s: Supply): Record<string, unknown> {
  const first = s.lines[0] as IncomeLine;
  const nmIDs = [...new Set(s.lines.map((l) => l.card.nmID))].sort((a, b) => a - b);
  return {
    supplyID: s.supplyId,
    preorderID: 30_000_000 + (s.supplyId % 10_000_000),
    statusId: 5,
    statusName: 'Принято',
    boxTypeName: 'Короб',
    warehouseId: first.warehouse.id,
    warehouseName: first.warehouse.name,
    createDate: moscowLocal(first.dateMs - 2 * 86_400_000),
    supplyDate: moscowLocal(first.dateMs),
    factDate: moscowLocal(first.closeMs),
    detailsQuantity: s.lines.length,
    incomeQuantity: s.lines.reduce((n, l) => n + l.quantity, 0),
    nmIDs,
  };
}

/** supplyDetails item (nmId spelled `nmID`). */
export function supplyLineView(l: IncomeLine, o: RequestOrigins): Record<string, unknown> {
  return {
    nmID: l.card.nmID,
    vendorCode: l.card.vendorCode,
    barcode: l.size.skus[0],
    techSize: l.size.techSize,
    brandName: l.card.brand,
    subjectName: l.card.subject.subjectName,
    quantity: l.quantity,
    acceptedQuantity: l.quantity,
    photo: cardPhotos(l.card, o).tm,
  };
}
