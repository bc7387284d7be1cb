import { sql } from 'kysely';
import type { Executor } from '../client.ts';

export interface RouteObservation {
  host: string;
  method: string;
  /** The path with ids replaced by placeholders, e.g. `/ns/orders/api/v1/orders/{id}`. */
  pathPattern: string;
  /** Keys and value types of one answer (never values: they may carry other managers' nmIds). */
  sampleShape: Record<string, unknown>;
  /** How many requests this observation stands for (a proxy replica may batch). Defaults to 1. */
  hits?: number;
}

/**
 * Records that the proxy answered a route with its generic deep filter. Called by the proxy (possibly batched
 * per flush); one row per host + method + path pattern: hits add up, the newest sample shape wins, and
 * first/last seen are kept.
 *
 * @example
 * await recordRouteObservation(db, { host: 'seller.wildberries.ru', method: 'GET',
 *   pathPattern: '/ns/x/api/v1/items/{id}', sampleShape: { data: [{ nmID: 'number' }] } });
 */
export async function recordRouteObservation(db: Executor, observation: RouteObservation): Promise<void> {
  const hits = observation.hits ?? 1;
  if (!Number.isSafeInteger(hits) || hits < 1) throw new RangeError('hits must be a positive integer');
  const shape = JSON.stringify(observation.sampleShape);
  await db
    .insertInto('proxy_route_observations')
    .values({
      host: observation.host.toLowerCase(),
      method: observation.method.toUpperCase(),
      path_pattern: observation.pathPattern,
      sample_shape: shape,
      hits,
    })
    .onConflict((oc) =>
      oc.columns(['host', 'method', 'path_pattern']).doUpdateSet({
        sample_shape: shape,
        hits: sql<number>`proxy_route_observations.hits + ${hits}`,
        last_seen_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export interface RouteObservationRow {
  host: string;
  method: string;
  path_pattern: string;
  sample_shape: Record<string, unknown>;
  hits: number;
  first_seen_at: Date;
  last_seen_at: Date;
}

/** Observed routes, most recently seen first, optionally filtered by host or a part of the path. */
export async function listRouteObservations(
  db: Executor,
  filter: { host?: string; q?: string; limit?: number; offset?: number } = {},
): Promise<{ items: RouteObservationRow[]; total: number }> {
  let query = db.selectFrom('proxy_route_observations');
  if (filter.host) query = query.where('host', '=', filter.host.toLowerCase());
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where('path_pattern', 'ilike', pattern);
  }
  const [items, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('last_seen_at', 'desc')
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
