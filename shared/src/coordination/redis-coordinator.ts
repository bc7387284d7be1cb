import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  assertTokenBucket,
  CoordinationError,
  LockTimeoutError,
  type Coordinator,
  type LockOptions,
  type TakeResult,
  type TokenBucket,
  type Unsubscribe,
} from './types.ts';

export interface RedisCoordinatorOptions {
  url: string;
  /** Prefixes every key and channel, so several deployments (or test files) can share one Redis. */
  namespace?: string;
}

// Token bucket in one atomic step. Server time (TIME) keeps every replica on one clock. Fractional tokens
// are returned as strings because Lua numbers become integers in replies.
const TAKE_TOKENS = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(data[1])
local ts = tonumber(data[2])
if tokens == nil then tokens = capacity; ts = now end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
local allowed = 0
local retry = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry = math.ceil((cost - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + retry + 60000)
return {allowed, tostring(tokens), retry}
`;

const PENALIZE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local ms = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(data[1])
local ts = tonumber(data[2])
if tokens == nil then tokens = capacity; ts = now end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
tokens = math.min(tokens, 1 - ms * rate)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + ms + 60000)
return 1
`;

const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

type ScriptedRedis = Redis & {
  takeTokens(key: string, capacity: number, refill: number, cost: number): Promise<[number, string, number]>;
  penalizeBucket(key: string, capacity: number, refill: number, ms: number): Promise<number>;
  releaseLock(key: string, token: string): Promise<number>;
  extendLock(key: string, token: string, ttlMs: number): Promise<number>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Redis adapter: one connection for commands, one in subscriber mode. Locks are `SET NX PX` with a
 * random token, renewed while the holder works and released only by the holder.
 *
 * @example
 * const coordinator = await createRedisCoordinator({ url: 'redis://127.0.0.1:6379', namespace: 'joycity' });
 */
export async function createRedisCoordinator(options: RedisCoordinatorOptions): Promise<Coordinator> {
  const ns = options.namespace ?? 'joycity';
  const k = (key: string) => `${ns}:${key}`;
  const redisOptions = { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true } as const;
  const client = new Redis(options.url, redisOptions) as ScriptedRedis;
  const subscriber = new Redis(options.url, { ...redisOptions, enableAutoPipelining: false });
  // ioredis reconnects on its own; an unhandled 'error' event would crash the process meanwhile.
  client.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  try {
    await Promise.all([client.connect(), subscriber.connect()]);
  } catch (err) {
    client.disconnect();
    subscriber.disconnect();
    throw new CoordinationError(`cannot connect to Redis: ${(err as Error).message}`, err);
  }
  client.defineCommand('takeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS });
  client.defineCommand('penalizeBucket', { numberOfKeys: 1, lua: PENALIZE });
  client.defineCommand('releaseLock', { numberOfKeys: 1, lua: RELEASE_LOCK });
  client.defineCommand('extendLock', { numberOfKeys: 1, lua: EXTEND_LOCK });

  const handlers = new Map<string, Set<(message: string) => void>>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const handler of handlers.get(channel) ?? []) handler(message);
  });

  return {
    kind: 'redis',

    async publish(channel, message) {
      await client.publish(k(channel), message);
    },

    async subscribe(channel, handler): Promise<Unsubscribe> {
      const full = k(channel);
      let set = handlers.get(full);
      if (!set) {
        set = new Set();
        handlers.set(full, set);
        await subscriber.subscribe(full);
      }
      set.add(handler);
      return async () => {
        const current = handlers.get(full);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(full);
        await subscriber.unsubscribe(full);
      };
    },

    async cacheGet(key) {
      return client.get(k(key));
    },
    async cacheSet(key, value, ttlMs) {
      await client.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async cacheDelete(key) {
      await client.del(k(key));
    },

    async increment(key, ttlMs, by = 1) {
      const result = await client.multi().incrby(k(key), by).pexpire(k(key), Math.ceil(ttlMs), 'NX').exec();
      const [error, value] = result?.[0] ?? [new Error('empty MULTI reply'), null];
      if (error) throw new CoordinationError(`increment failed: ${error.message}`, error);
      return Number(value);
    },

    async withLock<T>(key: string, lock: LockOptions, fn: () => Promise<T>): Promise<T> {
      const full = k(`lock:${key}`);
      const ttlMs = lock.ttlMs ?? 30_000;
      const token = randomUUID();
      const deadline = Date.now() + lock.waitMs;
      for (let attempt = 0; ; attempt++) {
        if ((await client.set(full, token, 'PX', ttlMs, 'NX')) === 'OK') break;
        if (Date.now() >= deadline) throw new LockTimeoutError(key, lock.waitMs);
        await sleep(Math.min(10 * 2 ** Math.min(attempt, 4), Math.max(1, deadline - Date.now())));
      }
      const renew = setInterval(
        () => void client.extendLock(full, token, ttlMs).catch(() => undefined),
        ttlMs / 3,
      );
      renew.unref();
      try {
        return await fn();
      } finally {
        clearInterval(renew);
        await client.releaseLock(full, token).catch(() => undefined);
      }
    },

    async takeTokens(key, bucket: TokenBucket, cost = 1): Promise<TakeResult> {
      assertTokenBucket(bucket);
      const [allowed, remaining, retry] = await client.takeTokens(
        k(`bucket:${key}`),
        bucket.capacity,
        bucket.refillPerSecond,
        cost,
      );
      return { allowed: allowed === 1, remaining: Number(remaining), retryAfterMs: Number(retry) };
    },

    async penalize(key, bucket, ms) {
      assertTokenBucket(bucket);
      await client.penalizeBucket(
        k(`bucket:${key}`),
        bucket.capacity,
        bucket.refillPerSecond,
        Math.max(0, ms),
      );
    },

    async close() {
      handlers.clear();
      await Promise.allSettled([client.quit(), subscriber.quit()]);
    },
  };
}
