import type { SellerAccount } from './accounts.ts';
import type { Card } from './catalog.ts';
import { DAY_MS, HOUR_MS, dayNoToDate, moscowDayNo, moscowWithOffset } from '../util/moscow.ts';
import { Rng, hashInts } from '../util/random.ts';

/**
 * Advertising campaigns (advert-api v2) with the articles they promote, and the prices/discounts table
 * (discounts-prices-api). Campaigns are created before the history starts; their state is fixed.
 */

const TAG_ADVERT = 61;

export interface Advert {
  readonly id: number;
  readonly status: -1 | 4 | 7 | 8 | 9 | 11;
  readonly bidType: 'manual' | 'unified';
  readonly paymentType: 'cpm' | 'cpc';
  readonly name: string;
  readonly placements: { search: boolean; recommendations: boolean };
  readonly nms: ReadonlyArray<{ card: Card; search: number; recommendations: number }>;
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly startedMs: number | null;
  readonly deletedMs: number | null;
}

export function generateAdverts(seed: number, account: SellerAccount, historyStartMs: number): Advert[] {
  const rng = new Rng(hashInts(seed, TAG_ADVERT, account.index));
  const count = Math.min(12, Math.max(3, Math.round(account.cards.length / 6)));
  const statuses = [9, 9, 11, 7, 4, 8, -1] as const;
  const adverts: Advert[] = [];
  for (let k = 0; k < count; k++) {
    const status = statuses[k % statuses.length] as Advert['status'];
    const createdMs = historyStartMs - rng.int(5, 200) * DAY_MS - rng.int(0, 23) * HOUR_MS;
    const nmCount = Math.min(account.cards.length, rng.int(1, 6));
    const first = rng.int(0, account.cards.length - 1);
    const nms = Array.from({ length: nmCount }, (_, j) => {
      const card = account.cards[(first + j * 3) % account.cards.length] as Card;
      return {
        card,
        search: rng.int(0, 30) * 100 + 100,
        recommendations: rng.chance(0.5) ? rng.int(0, 20) * 100 : 0,
      };
    });
    const unique = nms.filter((n, j) => nms.findIndex((m) => m.card.nmID === n.card.nmID) === j);
    const started = status === 4 ? null : createdMs + rng.int(1, 48) * HOUR_MS;
    const deleted = status === -1 ? createdMs + rng.int(3, 30) * DAY_MS : null;
    adverts.push({
      id: 20_000_000 + account.index * 100_000 + k * 13 + rng.int(0, 12),
      status,
      bidType: rng.chance(0.5) ? 'manual' : 'unified',
      paymentType: rng.chance(0.7) ? 'cpm' : 'cpc',
      name: `Кампания от ${dayNoToDate(moscowDayNo(createdMs)).split('-').reverse().join('.')}`,
      placements: { search: true, recommendations: rng.chance(0.4) },
      nms: unique,
      createdMs,
      updatedMs: (deleted ?? started ?? createdMs) + rng.int(0, 72) * HOUR_MS,
      startedMs: started,
      deletedMs: deleted,
    });
  }
  return adverts;
}

/** advert-api `GET /api/advert/v2/adverts` item (GetAdverts.adverts[]). */
export function advertItem(a: Advert): Record<string, unknown> {
  return {
    bid_type: a.bidType,
    currency: 'RUB',
    id: a.id,
    nm_settings: a.nms.map((n) => ({
      bids_kopecks: { recommendations: n.recommendations, search: n.search },
      nm_id: n.card.nmID,
      subject: { id: n.card.subject.subjectID, name: n.card.subject.subjectName.toLowerCase() },
    })),
    restrictions: { can_change_nms: a.status === 4 || a.status === 9 || a.status === 11 },
    settings: { name: a.name, payment_type: a.paymentType, placements: a.placements },
    status: a.status,
    timestamps: {
      created: moscowWithOffset(a.createdMs),
      deleted: a.deletedMs === null ? '2100-01-01T00:00:00+03:00' : moscowWithOffset(a.deletedMs),
      started: a.startedMs === null ? null : moscowWithOffset(a.startedMs),
      updated: moscowWithOffset(a.updatedMs),
    },
  };
}

/** discounts-prices-api `list/goods/filter` item (ItemsList). */
export function priceItem(card: Card): Record<string, unknown> {
  const discounted = Math.round(card.priceRub * (100 - card.discount)) / 100;
  const club = Math.round(discounted * (100 - card.clubDiscount)) / 100;
  return {
    nmID: card.nmID,
    vendorCode: card.vendorCode,
    sizes: card.sizes.map((s) => ({
      sizeID: s.chrtID,
      price: card.priceRub,
      discountedPrice: discounted,
      clubDiscountedPrice: club,
      techSizeName: s.techSize,
    })),
    currencyIsoCode4217: 'RUB',
    discount: card.discount,
    clubDiscount: card.clubDiscount,
    editableSizePrice: false,
  };
}
