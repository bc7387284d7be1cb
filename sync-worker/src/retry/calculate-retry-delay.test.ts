import { describe, expect, it } from 'vitest';
import { calculateRetryDelay, rateLimitWaitMs } from './calculate-retry-delay.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5 };

describe('calculateRetryDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect([1, 2, 3, 4, 5].map((a) => calculateRetryDelay(policy, a, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(calculateRetryDelay(policy, 3, () => 0)).toBe(0);
    expect(calculateRetryDelay(policy, 3, () => 0.5)).toBe(200);
  });

  it('returns null once the budget is spent, and scales by the time scale', () => {
    expect(calculateRetryDelay(policy, 6, () => 1)).toBeNull();
    expect(calculateRetryDelay(policy, 2, () => 1, 100)).toBe(2);
    expect(() => calculateRetryDelay(policy, 0)).toThrow(/attempt/);
  });
});

describe('rateLimitWaitMs', () => {
  it('prefers X-Ratelimit-Retry, then Reset, then Retry-After, then the fallback', () => {
    expect(rateLimitWaitMs({ 'x-ratelimit-retry': '60', 'x-ratelimit-reset': '5' }, 1)).toEqual({
      ms: 60_000,
      source: 'x-ratelimit-retry',
    });
    expect(rateLimitWaitMs({ 'x-ratelimit-reset': '2.5' }, 1).ms).toBe(2_500);
    expect(rateLimitWaitMs({ 'retry-after': '3' }, 1).ms).toBe(3_000);
    expect(rateLimitWaitMs({ 'x-ratelimit-retry': 'soon' }, 7)).toEqual({ ms: 7, source: 'default' });
  });
});
