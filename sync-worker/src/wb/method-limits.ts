import type { TokenBucket } from '@joycity/shared/coordination';

/**
 * WB's published rate limits per method group ("Лимит запросов" tables; REFERENCE.md §1), per seller account.
 * One token every `intervalMs`, at most `burst`. Basic keys get far lower limits where WB publishes them.
 * The worker takes a token from a bucket shared by every replica (Redis or the PostgreSQL fallback) before
 * each call, so N replicas together stay inside WB's limit.
 */
export type MethodGroup = 'orders' | 'sales' | 'finance' | 'financeV5' | 'stocks' | 'cards' | 'ping';

export interface MethodLimit {
  intervalMs: number;
  burst: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const METHOD_LIMITS: Record<MethodGroup, { standard: MethodLimit; basic?: MethodLimit }> = {
  // 2026 spec: burst 10 for personal/service keys.
  orders: { standard: { intervalMs: MINUTE, burst: 10 }, basic: { intervalMs: 3 * HOUR, burst: 1 } },
  sales: { standard: { intervalMs: MINUTE, burst: 1 }, basic: { intervalMs: 2 * HOUR, burst: 1 } },
  finance: { standard: { intervalMs: MINUTE, burst: 1 }, basic: { intervalMs: 12 * HOUR, burst: 1 } },
  financeV5: { standard: { intervalMs: MINUTE, burst: 1 } },
  stocks: { standard: { intervalMs: 20_000, burst: 1 } },
  cards: { standard: { intervalMs: 600, burst: 5 } },
  ping: { standard: { intervalMs: 10_000, burst: 3 } },
};

/**
 * The shared token bucket of a method group for a key type. `timeScale` speeds WB's clock up (the emulator's
 * time scale in tests): intervals are divided by it.
 *
 * @example
 * bucketFor('finance', 'personal', 1); // { capacity: 1, refillPerSecond: 1/60 }
 */
export function bucketFor(group: MethodGroup, keyType: string | null, timeScale = 1): TokenBucket {
  const limits = METHOD_LIMITS[group];
  const limit = keyType === 'basic' && limits.basic ? limits.basic : limits.standard;
  return { capacity: limit.burst, refillPerSecond: (1000 / limit.intervalMs) * timeScale };
}

/** The coordination key of a bucket: per account (WB counts per seller) and method group. */
export const bucketKey = (accountId: number, group: MethodGroup) => `wb-rate:${accountId}:${group}`;
