import { createHash, randomBytes } from 'node:crypto';
import { assertTokenBucket, type Coordinator, type TokenBucket } from '@joycity/shared/coordination';
import { ApiError } from '../errors.ts';

/**
 * Brute-force protection for sign-in, shared by every admin replica through the coordinator (Redis, or
 * PostgreSQL without it):
 *
 * - a token bucket per IP caps the attempt rate from one address, successful or not;
 * - progressive lockout per email and per IP: after `freeFailures` failures in a row, the key is locked for
 *   `baseLockMs`, doubling with each further failure up to `maxLockMs`. A success resets the email's count.
 *
 * The email key is counted whether or not such a user exists, and a locked key answers the same way either
 * way, so the limiter reveals nothing about which emails are registered.
 */
export interface LoginLimits {
  ipBucket: TokenBucket;
  email: { freeFailures: number; baseLockMs: number; maxLockMs: number };
  ip: { freeFailures: number; baseLockMs: number; maxLockMs: number };
  /** Failures older than this are forgotten. */
  failureWindowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  ipBucket: { capacity: 30, refillPerSecond: 30 / 600 },
  email: { freeFailures: 5, baseLockMs: 60_000, maxLockMs: 60 * 60_000 },
  ip: { freeFailures: 50, baseLockMs: 60_000, maxLockMs: 60 * 60_000 },
  failureWindowMs: 24 * 60 * 60_000,
};

export class LoginThrottledError extends ApiError {
  readonly retryAfterSeconds: number;
  constructor(code: 'LOGIN_RATE_LIMITED' | 'LOGIN_LOCKED', message: string, retryAfterMs: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(code, message, { status: 429, details: { retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

function humanWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return `${Math.max(1, Math.ceil(ms / 1000))} seconds`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function createLoginGuard(coordinator: Coordinator, overrides: Partial<LoginLimits> = {}) {
  const limits: LoginLimits = { ...DEFAULT_LOGIN_LIMITS, ...overrides };
  assertTokenBucket(limits.ipBucket);
  for (const policy of [limits.email, limits.ip]) {
    if (!(policy.freeFailures >= 1) || !(policy.baseLockMs > 0) || !(policy.maxLockMs >= policy.baseLockMs)) {
      throw new RangeError('login lockout: freeFailures >= 1 and 0 < baseLockMs <= maxLockMs');
    }
  }

  const keys = (email: string, ip: string | null) => {
    const e = digest(email.trim().toLowerCase());
    const i = ip ?? 'unknown';
    return {
      emailLock: `login:lock:email:${e}`,
      emailEpoch: `login:epoch:email:${e}`,
      emailFailures: (epoch: string) => `login:fail:email:${e}:${epoch}`,
      ipLock: `login:lock:ip:${i}`,
      ipFailures: `login:fail:ip:${i}`,
      ipBucket: `login:ip:${i}`,
    };
  };

  const lockedFor = async (key: string): Promise<number> => {
    const until = Number(await coordinator.cacheGet(key));
    return Number.isFinite(until) ? Math.max(0, until - Date.now()) : 0;
  };

  const lock = async (key: string, failures: number, policy: LoginLimits['email']) => {
    if (failures < policy.freeFailures) return;
    const ms = Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (failures - policy.freeFailures));
    await coordinator.cacheSet(key, String(Date.now() + ms), ms);
  };

  return {
    limits,

    /** Throws {@link LoginThrottledError} (429) when this attempt may not even be checked. */
    async admit(email: string, ip: string | null): Promise<void> {
      const k = keys(email, ip);
      const [ipLocked, emailLocked] = await Promise.all([lockedFor(k.ipLock), lockedFor(k.emailLock)]);
      if (emailLocked > 0) {
        throw new LoginThrottledError(
          'LOGIN_LOCKED',
          `Too many failed sign-in attempts. Try again in ${humanWait(emailLocked)}.`,
          emailLocked,
        );
      }
      if (ipLocked > 0) {
        throw new LoginThrottledError(
          'LOGIN_RATE_LIMITED',
          `Too many failed sign-in attempts from your network. Try again in ${humanWait(ipLocked)}.`,
          ipLocked,
        );
      }
      const take = await coordinator.takeTokens(k.ipBucket, limits.ipBucket);
      if (!take.allowed) {
        throw new LoginThrottledError(
          'LOGIN_RATE_LIMITED',
          `Too many sign-in attempts from your network. Try again in ${humanWait(take.retryAfterMs)}.`,
          take.retryAfterMs,
        );
      }
    },

    /** Counts a failed attempt and locks the email or the IP when they have failed too often. */
    async failed(email: string, ip: string | null): Promise<{ emailFailures: number }> {
      const k = keys(email, ip);
      const epoch = (await coordinator.cacheGet(k.emailEpoch)) ?? '0';
      const [emailFailures, ipFailures] = await Promise.all([
        coordinator.increment(k.emailFailures(epoch), limits.failureWindowMs),
        coordinator.increment(k.ipFailures, limits.failureWindowMs),
      ]);
      await Promise.all([
        lock(k.emailLock, emailFailures, limits.email),
        lock(k.ipLock, ipFailures, limits.ip),
      ]);
      return { emailFailures };
    },

    /** A success starts the email's failure count afresh (counters cannot be deleted, so a new epoch). */
    async succeeded(email: string, ip: string | null): Promise<void> {
      const k = keys(email, ip);
      await coordinator.cacheSet(k.emailEpoch, randomBytes(6).toString('hex'), limits.failureWindowMs);
    },
  };
}

export type LoginGuard = ReturnType<typeof createLoginGuard>;
