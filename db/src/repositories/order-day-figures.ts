import { sql } from 'kysely';
import type { Executor } from '../client.ts';

/** One article's orders of one Moscow day, from the synced orders (statistics API `supplier/orders`). */
export interface OrderDayFigures {
  nmId: number;
  /** Moscow date, `YYYY-MM-DD`. */
  day: string;
  orders: number;
  /** Σ finishedPrice, exact decimal string. */
  ordersSum: string;
  cancels: number;
}

/**
 * The dashboard's day figures per article (orders, their sum at the buyer's final price, cancellations) for
 * the given Moscow days, from wb_orders. Per article so the caller keeps only the articles a manager sees on
 * that day (the visible set's dated rule) and never adds a hidden one. "As of the last sync" of the orders.
 */
export async function orderDayFigures(
  db: Executor,
  input: { accountId: number; days: readonly string[] },
): Promise<OrderDayFigures[]> {
  const days = [...new Set(input.days)].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (days.length === 0) return [];
  const { rows } = await sql<{
    nm_id: string;
    day: string;
    orders: number;
    orders_sum: string;
    cancels: number;
  }>`
    SELECT o.nm_id::text AS nm_id, to_char(d.day, 'YYYY-MM-DD') AS day, count(*)::int AS orders,
      coalesce(sum(nullif(o.raw->>'finishedPrice', '')::numeric), 0)::text AS orders_sum,
      (count(*) FILTER (WHERE o.is_cancel))::int AS cancels
    FROM unnest(${days}::date[]) AS d(day)
    JOIN wb_orders o ON o.account_id = ${input.accountId}
      AND o.order_date >= (d.day::timestamp AT TIME ZONE 'Europe/Moscow')
      AND o.order_date < ((d.day + 1)::timestamp AT TIME ZONE 'Europe/Moscow')
    GROUP BY o.nm_id, d.day`.execute(db);
  return rows.map((r) => ({
    nmId: Number(r.nm_id),
    day: r.day,
    orders: r.orders,
    ordersSum: r.orders_sum,
    cancels: r.cancels,
  }));
}
