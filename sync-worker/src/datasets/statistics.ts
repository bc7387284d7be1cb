import { upsertWbOrders, upsertWbSales } from '@joycity/db';
import { moscowDate } from '@joycity/shared/time';
import { splitJsonArray } from '../ingest/json-array-splitter.ts';
import type { DatasetContext, DatasetSync } from './context.ts';

/** WB's cap on one flag=0 answer of orders or sales. */
export const STATISTICS_PAGE_CAP = 80_000;

const LAST_CHANGE = /"lastChangeDate"\s*:\s*"([^"]+)"/;

/** A Moscow wall-clock time WB understands (`2026-11-20T15:00:00`) for an instant. */
export function moscowWallClock(at: Date): string {
  return new Date(at.getTime() + 3 * 3_600_000).toISOString().slice(0, 19);
}

/** `2026-11-20T15:00:00` (Moscow) minus seconds, as Moscow wall-clock text. */
function minusSeconds(wall: string, seconds: number): string {
  const ms = Date.parse(`${wall.slice(0, 19)}Z`) - seconds * 1000;
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * statistics-api orders or sales with `flag=0`: rows whose `lastChangeDate >= dateFrom`, at most 80,000 per
 * answer, ascending. A full page continues from its last row's `lastChangeDate` (rows of that second come
 * again and dedupe by srid / saleID); a shorter page is the last. The cursor (`dateFrom`) commits with each
 * page's rows; an incremental pass starts `SYNC_STATS_OVERLAP_SECONDS` before it, for rows WB records late.
 * `flag=1` (every row whose `date` is one day) is not used: it pages by order date, not by change.
 */
function statisticsSync(kind: 'orders' | 'sales'): DatasetSync {
  const path = kind === 'orders' ? '/api/v1/supplier/orders' : '/api/v1/supplier/sales';
  const upsert = kind === 'orders' ? upsertWbOrders : upsertWbSales;
  return async (ctx: DatasetContext) => {
    const stored = typeof ctx.cursor.dateFrom === 'string' ? ctx.cursor.dateFrom : undefined;
    let dateFrom = stored
      ? ctx.backfill
        ? stored // resuming the backfill exactly where it stopped
        : minusSeconds(stored, ctx.settings.statsOverlapSeconds)
      : `${moscowDate(new Date(ctx.now().getTime() - ctx.settings.backfillDays * 86_400_000))}T00:00:00`;
    for (;;) {
      const url = `https://statistics-api.wildberries.ru${path}?dateFrom=${encodeURIComponent(dateFrom)}&flag=0`;
      const page = await ctx.callWb(ctx.key, { group: kind, method: 'GET', url }, async (res) => {
        if (res.status === 204) return { received: 0, last: undefined as string | undefined };
        return ctx.db.transaction().execute(async (trx) => {
          let received = 0;
          let written = 0;
          let last: string | undefined;
          for await (const batch of splitJsonArray(res.body, ctx.settings.batchRows)) {
            written += await upsert(trx, ctx.accountId, batch.json);
            received += batch.count;
            last = batch.last;
          }
          const lastChange = last ? LAST_CHANGE.exec(last)?.[1] : undefined;
          if (last && !lastChange) throw new Error(`${kind}: a row without lastChangeDate`);
          await ctx.commit(trx, { dateFrom: lastChange ?? stored ?? dateFrom });
          ctx.counts.rowsReceived += received;
          ctx.counts.rowsWritten += written;
          ctx.counts.pages++;
          return { received, last: lastChange };
        });
      });
      if (page.received < STATISTICS_PAGE_CAP || !page.last) return;
      if (page.last.slice(0, 19) === dateFrom.slice(0, 19)) {
        throw new Error(
          `${kind}: more than ${STATISTICS_PAGE_CAP} rows changed at ${dateFrom}; WB's paging cannot pass them`,
        );
      }
      dateFrom = page.last;
    }
  };
}

export const syncOrders = statisticsSync('orders');
export const syncSales = statisticsSync('sales');
