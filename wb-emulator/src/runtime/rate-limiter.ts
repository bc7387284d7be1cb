/**
 * WB's rate limits are token buckets per seller and method, published as a table on every method:
 * *period, limit, interval, burst*. One token returns every `interval`; the bucket holds at most `burst`.
 */
export interface LimitRule {
  /** The published period and limit (for documentation and headers). */
  readonly periodMs: number;
  readonly limit: number;
  /** One request's worth of capacity returns every interval. */
  readonly intervalMs: number;
  /** Bucket size: how many requests may go back to back. */
  readonly burst: number;
}

export interface LimitDecision {
  readonly allowed: boolean;
  /** Whole requests left after this one. */
  readonly remaining: number;
  /** The bucket size. */
  readonly limit: number;
  /** Seconds (virtual) until one more request is allowed; 0 when allowed. */
  readonly retrySeconds: number;
  /** Seconds (virtual) until the bucket is full again. */
  readonly resetSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token from a bucket at virtual time `now` (ms). */
  take(key: string, rule: LimitRule, now: number): LimitDecision {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: rule.burst, at: now };
      this.buckets.set(key, b);
    }
    if (now > b.at) {
      b.tokens = Math.min(rule.burst, b.tokens + (now - b.at) / rule.intervalMs);
      b.at = now;
    }
    const allowed = b.tokens >= 1 - 1e-9;
    if (allowed) b.tokens = Math.max(0, b.tokens - 1);
    const missing = Math.max(0, 1 - b.tokens);
    return {
      allowed,
      remaining: Math.floor(b.tokens + 1e-9),
      limit: rule.burst,
      retrySeconds: allowed ? 0 : Math.max(1, Math.ceil((missing * rule.intervalMs) / 1000)),
      resetSeconds: Math.ceil(((rule.burst - b.tokens) * rule.intervalMs) / 1000),
    };
  }

  /** Forgets every bucket (all full again). */
  reset(): void {
    this.buckets.clear();
  }
}
