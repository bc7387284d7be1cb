import { STATISTICS_PAGE_CAP } from './datasets/statistics.ts';

/** Row counts of one account's full backfill (the emulator's truth has them). */
export interface BackfillRows {
  orders: number;
  sales: number;
  finance: { weekly: number; daily: number };
  stocks: number;
  cards: number;
}

/**
 * The fewest WB requests a full backfill can make, from row counts and page sizes: statistics pages of 80,000
 * end at the first shorter page; finance pages by rrdId end with a 204 (one extra request per period);
 * stocks and cards end at the first page shorter than the limit.
 *
 * @example
 * minimumRequests({ orders: 1392, sales: 1145, finance: { weekly: 3039, daily: 3500 }, stocks: 451, cards: 40 },
 *   { finance: 100_000, stocks: 250_000, cards: 100 }); // { orders: 1, sales: 1, finance: 4, stocks: 1, cards: 1, total: 8 }
 */
export function minimumRequests(
  rows: BackfillRows,
  pages: { finance: number; stocks: number; cards: number },
  periods: ReadonlyArray<'weekly' | 'daily'> = ['weekly', 'daily'],
) {
  const untilShort = (n: number, limit: number) => Math.floor(n / limit) + 1;
  const result = {
    orders: untilShort(rows.orders, STATISTICS_PAGE_CAP),
    sales: untilShort(rows.sales, STATISTICS_PAGE_CAP),
    finance: periods.reduce((sum, p) => sum + Math.ceil(rows.finance[p] / pages.finance) + 1, 0),
    stocks: untilShort(rows.stocks, pages.stocks),
    cards: untilShort(rows.cards, pages.cards),
  };
  return { ...result, total: result.orders + result.sales + result.finance + result.stocks + result.cards };
}
