import { upsertWbStocks } from '@joycity/db';
import { splitJsonArray } from '../ingest/json-array-splitter.ts';
import type { DatasetContext } from './context.ts';

/** seller-analytics' maximum page of the stocks report. */
export const STOCKS_PAGE_LIMIT = 250_000;
const SNAPSHOT_MS = 30 * 60_000;

/**
 * seller-analytics `stocks-report/wb-warehouses`: the current stock, one row per size per WB warehouse,
 * refreshed by WB every 30 minutes. Each pass stores a snapshot keyed by the start of its 30-minute window
 * (a second pass in the same window updates it in place), paged by offset; the cursor (snapshot + offset)
 * commits with each page so a crashed pass resumes within its snapshot.
 */
export async function syncStocks(ctx: DatasetContext): Promise<void> {
  const limit = ctx.settings.pageSizes?.stocks ?? STOCKS_PAGE_LIMIT;
  const snapshotAt = new Date(Math.floor(ctx.now().getTime() / SNAPSHOT_MS) * SNAPSHOT_MS);
  const resume =
    ctx.cursor.snapshotAt === snapshotAt.toISOString() && typeof ctx.cursor.offset === 'number'
      ? ctx.cursor.offset
      : 0;
  let offset = resume;
  for (;;) {
    const received = await ctx.callWb(
      ctx.key,
      {
        group: 'stocks',
        method: 'POST',
        url: 'https://seller-analytics-api.wildberries.ru/api/analytics/v1/stocks-report/wb-warehouses',
        body: { limit, offset },
      },
      (res) =>
        ctx.db.transaction().execute(async (trx) => {
          let n = 0;
          let written = 0;
          if (res.status === 200) {
            for await (const batch of splitJsonArray(res.body, ctx.settings.batchRows)) {
              written += await upsertWbStocks(trx, ctx.accountId, snapshotAt, batch.json);
              n += batch.count;
            }
          }
          const done = n < limit;
          await ctx.commit(trx, { snapshotAt: snapshotAt.toISOString(), offset: offset + n, complete: done });
          ctx.counts.rowsReceived += n;
          ctx.counts.rowsWritten += written;
          ctx.counts.pages++;
          return n;
        }),
    );
    if (received < limit) return;
    offset += received;
  }
}
