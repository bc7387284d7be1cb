import type { RetryPolicy } from './retry-policy.ts';

/**
 * The wait before retry number `attempt` (1 = the first retry), exponential with full jitter: a uniformly
 * random delay in [0, min(max, base · factor^(attempt−1))], so replicas that failed together do not retry
 * together. `null` when the retry budget is spent. `timeScale` divides the delay (tests run WB's clock fast).
 *
 * @example
 * calculateRetryDelay(DEFAULT_RETRY_POLICY, 3, () => 0.5); // 2000
 */
export function calculateRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
  timeScale = 1,
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be ≥ 1, got ${attempt}`);
  if (attempt > policy.maxAttempts) return null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attempt - 1));
  return Math.round((ceiling * random()) / timeScale);
}

/**
 * What WB asked us to wait after a 429, in ms of WB time: `X-Ratelimit-Retry` (seconds until the next request
 * is allowed), else `X-Ratelimit-Reset`, else `Retry-After`; `fallbackMs` when none is present or parsable.
 */
export function rateLimitWaitMs(
  headers: Record<string, string | undefined>,
  fallbackMs: number,
): { ms: number; source: string } {
  for (const name of ['x-ratelimit-retry', 'x-ratelimit-reset', 'retry-after']) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const seconds = Number(raw.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return { ms: Math.ceil(seconds * 1000), source: name };
  }
  return { ms: fallbackMs, source: 'default' };
}
