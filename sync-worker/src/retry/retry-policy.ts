/**
 * How the worker retries a WB call, as data. `calculateRetryDelay` is the pure function over it; the caller
 * supplies the attempt number and a random source, so tests pin the jitter.
 */
export interface RetryPolicy {
  /** Failures (5xx, resets, timeouts, broken bodies) a single page may meet before the pass fails. */
  maxAttempts: number;
  /** First delay; doubled (`factor`) each attempt, capped at `maxDelayMs`. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** 429s a single page may meet (they are WB telling us when to come back, so the budget is larger). */
  maxRateLimited: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 60_000,
  maxRateLimited: 30,
};
