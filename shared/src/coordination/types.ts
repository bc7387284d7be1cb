import { AppError } from '../errors/app-error.ts';

/**
 * What replicas of our services need to agree on, behind one interface with two adapters: Redis when
 * REDIS_URL is set, PostgreSQL otherwise (LISTEN/NOTIFY, advisory locks, UNLOGGED tables). Both adapters
 * pass the same contract tests (`coordinator-contract.ts`).
 */
export interface Coordinator {
  readonly kind: 'redis' | 'postgres';

  /** Delivers `message` to every subscriber of `channel` in every process, the publisher included. */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is live, so a publish that follows is not missed. */
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;

  /** A shared cache of strings with a time to live. */
  cacheGet(key: string): Promise<string | null>;
  cacheSet(key: string, value: string, ttlMs: number): Promise<void>;
  cacheDelete(key: string): Promise<void>;

  /** Atomically adds `by` (default 1) and returns the new value; the counter expires `ttlMs` after creation. */
  increment(key: string, ttlMs: number, by?: number): Promise<number>;

  /**
   * Runs `fn` while holding a lock that no other process (or call in this one) can hold. Waits up to
   * `waitMs` for it, then throws {@link LockTimeoutError}. A holder that dies loses the lock: on Redis after
   * `ttlMs` (the lock is extended while `fn` runs), on PostgreSQL when its connection closes.
   */
  withLock<T>(key: string, options: LockOptions, fn: () => Promise<T>): Promise<T>;

  /** Takes `cost` tokens from a token bucket shared by every process. */
  takeTokens(key: string, bucket: TokenBucket, cost?: number): Promise<TakeResult>;
  /** Empties a bucket so the next token is available only after `ms` (honouring a server's Retry header). */
  penalize(key: string, bucket: TokenBucket, ms: number): Promise<void>;

  close(): Promise<void>;
}

export type Unsubscribe = () => Promise<void>;

export interface LockOptions {
  /** How long to wait for the lock before giving up. */
  waitMs: number;
  /** How long a holder that stopped renewing keeps the lock (Redis). Defaults to 30 s. */
  ttlMs?: number;
}

/** `capacity` tokens at most, refilled continuously at `refillPerSecond`. */
export interface TokenBucket {
  capacity: number;
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Tokens left after this call. */
  remaining: number;
  /** When not allowed: how long until `cost` tokens are available. */
  retryAfterMs: number;
}

export class LockTimeoutError extends AppError {
  constructor(key: string, waitMs: number) {
    super('LOCK_TIMEOUT', `could not acquire lock '${key}' within ${waitMs} ms`, { status: 503 });
  }
}

export class CoordinationError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('COORDINATION_FAILED', message, { status: 503, cause });
  }
}

/** Validates a token bucket eagerly, so a misconfigured limit fails at start-up rather than on first use. */
export function assertTokenBucket(bucket: TokenBucket): void {
  if (!(bucket.capacity > 0) || !Number.isFinite(bucket.capacity)) {
    throw new RangeError(`token bucket capacity must be a positive number, got ${bucket.capacity}`);
  }
  if (!(bucket.refillPerSecond > 0) || !Number.isFinite(bucket.refillPerSecond)) {
    throw new RangeError(
      `token bucket refillPerSecond must be a positive number, got ${bucket.refillPerSecond}`,
    );
  }
}
