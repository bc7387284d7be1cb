import type { LimitRule } from '../runtime/rate-limiter.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../util/moscow.ts';

/**
 * WB's published limits ("Лимит запросов" tables of the 2026-07 specs; 2025-12 for the legacy methods).
 * `standard` is the personal/service row (and "базовый с секретом"); `basic` the basic-key row where the
 * spec has one. A test reads the tables from the specs and checks these figures against them.
 */
export interface MethodLimit {
  readonly standard: LimitRule;
  readonly basic?: LimitRule;
}

const SECOND = 1000;
const rule = (periodMs: number, limit: number, intervalMs: number, burst: number): LimitRule => ({
  periodMs,
  limit,
  intervalMs,
  burst,
});

export const LIMITS = {
  /** Every API host's /ping: 3 per 30 s per host. */
  ping: { standard: rule(30 * SECOND, 3, 10 * SECOND, 3) },
  statisticsOrders: {
    standard: rule(MINUTE_MS, 1, MINUTE_MS, 10),
    basic: rule(3 * HOUR_MS, 1, 3 * HOUR_MS, 1),
  },
  statisticsSales: {
    standard: rule(MINUTE_MS, 1, MINUTE_MS, 1),
    basic: rule(2 * HOUR_MS, 1, 2 * HOUR_MS, 1),
  },
  /** incomes, stocks, v5 reportDetailByPeriod (2025-12). */
  statisticsLegacy: { standard: rule(MINUTE_MS, 1, MINUTE_MS, 1) },
  financeDetailed: { standard: rule(MINUTE_MS, 1, MINUTE_MS, 1), basic: rule(DAY_MS, 2, 12 * HOUR_MS, 1) },
  financeList: { standard: rule(MINUTE_MS, 1, MINUTE_MS, 1) },
  financeDetailedById: { standard: rule(MINUTE_MS, 1, MINUTE_MS, 1) },
  balance: { standard: rule(MINUTE_MS, 1, MINUTE_MS, 1), basic: rule(DAY_MS, 1, DAY_MS, 1) },
  stocksReport: { standard: rule(MINUTE_MS, 3, 20 * SECOND, 1) },
  cardsList: { standard: rule(MINUTE_MS, 100, 600, 5) },
  /** One bucket for every method of the feedbacks & questions category. */
  feedbacks: { standard: rule(SECOND, 3, 333, 6), basic: rule(HOUR_MS, 5, 12 * MINUTE_MS, 1) },
  adverts: { standard: rule(SECOND, 5, 200, 5), basic: rule(HOUR_MS, 1, HOUR_MS, 1) },
  promotionCount: { standard: rule(SECOND, 5, 200, 5), basic: rule(HOUR_MS, 4, 15 * MINUTE_MS, 1) },
  /** One bucket for every method of the prices & discounts category. */
  prices: { standard: rule(6 * SECOND, 10, 600, 5), basic: rule(HOUR_MS, 4, 15 * MINUTE_MS, 1) },
  sellerInfo: { standard: rule(MINUTE_MS, 1, MINUTE_MS, 10), basic: rule(DAY_MS, 1, DAY_MS, 1) },
} as const satisfies Record<string, MethodLimit>;

export type LimitName = keyof typeof LIMITS;
