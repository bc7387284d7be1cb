import type { Dataset } from '@joycity/db';
import { syncCards } from './cards.ts';
import type { DatasetSync } from './context.ts';
import { syncFinance } from './finance.ts';
import { syncStocks } from './stocks.ts';
import { syncOrders, syncSales } from './statistics.ts';

export const DATASET_SYNCS: Record<Dataset, DatasetSync> = {
  orders: syncOrders,
  sales: syncSales,
  finance: syncFinance,
  stocks: syncStocks,
  cards: syncCards,
};

/** How long after a successful pass a dataset is due again (WB refreshes statistics and stocks every 30 min). */
export const DATASET_INTERVAL_MS: Record<Dataset, number> = {
  orders: 30 * 60_000,
  sales: 30 * 60_000,
  finance: 60 * 60_000,
  stocks: 30 * 60_000,
  cards: 60 * 60_000,
};
