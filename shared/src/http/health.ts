import { sql, type DB } from '@joycity/db';
import type { Kysely } from 'kysely';
import type { Context } from 'hono';

/** One dependency check: resolves when healthy, throws (with a reason) when not. */
export type HealthCheck = () => Promise<void>;

/**
 * A `/healthz` handler: 200 `{status:'ok'}` when every check passes, 503 with the failing checks otherwise.
 * Checks run in parallel with a time limit, so a hung dependency cannot hang the probe.
 *
 * @example
 * app.get('/healthz', healthHandler('proxy', { database: () => db.selectNoFrom(sql`1`.as('x')).execute().then(() => {}) }));
 */
export function healthHandler(service: string, checks: Record<string, HealthCheck> = {}, timeoutMs = 2_000) {
  const startedAt = Date.now();
  return async function health(c: Context) {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, (err as Error).message || 'failed'] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const failing = results.filter(([, r]) => r !== 'ok');
    return c.json(
      {
        status: failing.length ? 'unhealthy' : 'ok',
        service,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        checks: Object.fromEntries(results),
      },
      failing.length ? 503 : 200,
    );
  };
}

/** The standard database check: one round trip. */
export function databaseCheck(db: Kysely<DB>): HealthCheck {
  return async () => {
    await sql`SELECT 1`.execute(db);
  };
}
