import { createPool } from '@joycity/db';
import pg from 'pg';
import {
  assertTokenBucket,
  CoordinationError,
  LockTimeoutError,
  type Coordinator,
  type LockOptions,
  type TakeResult,
  type Unsubscribe,
} from './types.ts';

export interface PostgresCoordinatorOptions {
  connectionString: string;
  namespace?: string;
  /** How often expired cache entries and counters are swept. Defaults to 60 s. */
  sweepIntervalMs?: number;
}

/** One NOTIFY channel carries every logical channel; the payload names it. NOTIFY is per database. */
const NOTIFY_CHANNEL = 'joycity_coordination';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The PostgreSQL adapter, for deployments without Redis: LISTEN/NOTIFY for pub/sub (one listening connection
 * that reconnects and re-listens), session advisory locks (released if the holder's connection dies), and
 * UNLOGGED tables for the cache, counters and token buckets.
 *
 * @example
 * const coordinator = await createPostgresCoordinator({ connectionString: config.DATABASE_URL });
 */
export async function createPostgresCoordinator(options: PostgresCoordinatorOptions): Promise<Coordinator> {
  const ns = options.namespace ?? 'joycity';
  const k = (key: string) => `${ns}:${key}`;
  const pool = createPool({
    connectionString: options.connectionString,
    max: 10,
    applicationName: 'joycity-coordination',
  });
  const handlers = new Map<string, Set<(message: string) => void>>();
  let closed = false;
  let listener: pg.Client | undefined;
  let listening: Promise<pg.Client> | undefined;

  const dispatch = (msg: pg.Notification) => {
    if (msg.channel !== NOTIFY_CHANNEL || !msg.payload) return;
    let parsed: { c: string; m: string };
    try {
      parsed = JSON.parse(msg.payload) as { c: string; m: string };
    } catch {
      return;
    }
    for (const handler of handlers.get(parsed.c) ?? []) handler(parsed.m);
  };

  // The listening connection is opened on the first subscribe and re-opened after a failure. Messages
  // published while it is down are lost, as with Redis pub/sub; subscribers treat them as cache hints.
  const connectListener = (): Promise<pg.Client> => {
    listening ??= (async () => {
      for (let attempt = 0; ; attempt++) {
        const client = new pg.Client({
          connectionString: options.connectionString,
          application_name: 'joycity-coordination-listen',
          options: '-c role=joycity_app',
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
          client.on('notification', dispatch);
          const reconnect = () => {
            client.removeAllListeners('notification');
            if (listener === client) listener = undefined;
            listening = undefined;
            if (!closed && handlers.size > 0) void connectListener().catch(() => undefined);
          };
          client.on('error', reconnect);
          client.on('end', reconnect);
          listener = client;
          return client;
        } catch (err) {
          await client.end().catch(() => undefined);
          if (closed || attempt >= 5) {
            listening = undefined;
            throw new CoordinationError(`cannot LISTEN on PostgreSQL: ${(err as Error).message}`, err);
          }
          await sleep(100 * 2 ** attempt);
        }
      }
    })();
    return listening;
  };

  const sweep = setInterval(() => {
    void pool
      .query(
        `DELETE FROM coord_cache WHERE expires_at < now();
         DELETE FROM coord_counters WHERE expires_at < now();
         DELETE FROM coord_rate_buckets WHERE updated_at < now() - interval '1 day'`,
      )
      .catch(() => undefined);
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  return {
    kind: 'postgres',

    async publish(channel, message) {
      const payload = JSON.stringify({ c: k(channel), m: message });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        throw new CoordinationError(
          `message on '${channel}' is too large for NOTIFY (${Buffer.byteLength(payload)} bytes)`,
        );
      }
      await pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, payload]);
    },

    async subscribe(channel, handler): Promise<Unsubscribe> {
      const full = k(channel);
      let set = handlers.get(full);
      if (!set) {
        set = new Set();
        handlers.set(full, set);
      }
      set.add(handler);
      await connectListener();
      return async () => {
        const current = handlers.get(full);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(full);
      };
    },

    async cacheGet(key) {
      const { rows } = await pool.query<{ value: string }>(
        'SELECT value FROM coord_cache WHERE key = $1 AND expires_at > clock_timestamp()',
        [k(key)],
      );
      return rows[0]?.value ?? null;
    },
    async cacheSet(key, value, ttlMs) {
      await pool.query(
        `INSERT INTO coord_cache (key, value, expires_at)
         VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3 / 1000.0))
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
        [k(key), value, Math.max(1, ttlMs)],
      );
    },
    async cacheDelete(key) {
      await pool.query('DELETE FROM coord_cache WHERE key = $1', [k(key)]);
    },

    async increment(key, ttlMs, by = 1) {
      const { rows } = await pool.query<{ value: number }>(
        `INSERT INTO coord_counters AS c (key, value, expires_at)
         VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3 / 1000.0))
         ON CONFLICT (key) DO UPDATE SET
           value = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.value ELSE c.value + excluded.value END,
           expires_at = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.expires_at ELSE c.expires_at END
         RETURNING value`,
        [k(key), by, Math.max(1, ttlMs)],
      );
      return Number(rows[0]!.value);
    },

    async withLock<T>(key: string, lock: LockOptions, fn: () => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let acquired = false;
      try {
        // Wait inside PostgreSQL: lock_timeout bounds the wait and the holder's death frees the lock.
        const wait = `${Math.max(1, Math.ceil(lock.waitMs))}ms`;
        await client.query(
          `SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', '0', false)`,
          [wait],
        );
        try {
          await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [k(key)]);
        } catch (err) {
          if ((err as { code?: string }).code === '55P03') throw new LockTimeoutError(key, lock.waitMs);
          throw err;
        }
        acquired = true;
        return await fn();
      } finally {
        let healthy = true;
        try {
          if (acquired) await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [k(key)]);
          await client.query('RESET lock_timeout; RESET statement_timeout');
        } catch {
          healthy = false;
        }
        // A connection whose state is unknown may still hold the lock: destroy it rather than reuse it.
        client.release(!healthy);
      }
    },

    async takeTokens(key, bucket, cost = 1): Promise<TakeResult> {
      assertTokenBucket(bucket);
      const { rows } = await pool.query<{ allowed: boolean; remaining: number; retry_after_ms: number }>(
        'SELECT * FROM coord_take_tokens($1, $2, $3, $4)',
        [k(`bucket:${key}`), bucket.capacity, bucket.refillPerSecond, cost],
      );
      const row = rows[0]!;
      return {
        allowed: row.allowed,
        remaining: Number(row.remaining),
        retryAfterMs: Number(row.retry_after_ms),
      };
    },

    async penalize(key, bucket, ms) {
      assertTokenBucket(bucket);
      await pool.query('SELECT coord_penalize_bucket($1, $2, $3, $4)', [
        k(`bucket:${key}`),
        bucket.capacity,
        bucket.refillPerSecond,
        Math.max(0, ms),
      ]);
    },

    async close() {
      closed = true;
      clearInterval(sweep);
      handlers.clear();
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
