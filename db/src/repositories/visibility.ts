import { sql } from 'kysely';
import type { Executor } from '../client.ts';

/**
 * Everything the proxy's visible set needs for one manager in one account, in two queries: their assignments
 * of every month (`'YYYY-MM-01'` → nmIds) and the account's synced cards (nmId → vendor code, to recognise a
 * search for another manager's article).
 */
export async function loadVisibility(
  db: Executor,
  input: { accountId: number; userId: string },
): Promise<{ months: Map<string, Set<number>>; cards: Map<number, string | null> }> {
  const [assigned, cards] = await Promise.all([
    sql<{ month: string; nm_id: string | number }>`
      SELECT to_char(month, 'YYYY-MM-DD') AS month, nm_id FROM assignments
      WHERE account_id = ${input.accountId} AND user_id = ${input.userId}`.execute(db),
    sql<{ nm_id: string | number; vendor_code: string | null }>`
      SELECT nm_id, vendor_code FROM wb_cards WHERE account_id = ${input.accountId}`.execute(db),
  ]);
  const months = new Map<string, Set<number>>();
  for (const r of assigned.rows) {
    let set = months.get(r.month);
    if (!set) months.set(r.month, (set = new Set()));
    set.add(Number(r.nm_id));
  }
  return { months, cards: new Map(cards.rows.map((c) => [Number(c.nm_id), c.vendor_code])) };
}
