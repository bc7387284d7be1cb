import { upsertWbCards } from '@joycity/db';
import { splitJsonArray } from '../ingest/json-array-splitter.ts';
import type { DatasetContext } from './context.ts';

/** content-api's maximum page. */
export const CARDS_PAGE_LIMIT = 100;

const UPDATED_AT = /"updatedAt"\s*:\s*"([^"]+)"/g;
const NM_ID = /"nmID"\s*:\s*(\d+)/;

/**
 * content-api `POST /content/v2/get/cards/list`, ascending by `updatedAt` (nmID breaks ties): the cursor is
 * the last card's `updatedAt` + `nmID`, committed with each page, so the next pass reads only cards edited
 * since. A page with fewer than `limit` cards is the last. Cards give the platform names, photos and the
 * list of valid nmIds of an account.
 */
export async function syncCards(ctx: DatasetContext): Promise<void> {
  const limit = ctx.settings.pageSizes?.cards ?? CARDS_PAGE_LIMIT;
  let after =
    typeof ctx.cursor.updatedAt === 'string' && typeof ctx.cursor.nmID === 'number'
      ? { updatedAt: ctx.cursor.updatedAt, nmID: ctx.cursor.nmID }
      : undefined;
  for (;;) {
    const body = {
      settings: {
        sort: { ascending: true },
        cursor: { limit, ...(after ?? {}) },
        filter: { withPhoto: -1 },
      },
    };
    const page = await ctx.callWb(
      ctx.key,
      {
        group: 'cards',
        method: 'POST',
        url: 'https://content-api.wildberries.ru/content/v2/get/cards/list',
        body,
      },
      (res) =>
        ctx.db.transaction().execute(async (trx) => {
          let n = 0;
          let written = 0;
          let last: string | undefined;
          if (res.status === 200) {
            for await (const batch of splitJsonArray(res.body, ctx.settings.batchRows)) {
              written += await upsertWbCards(trx, ctx.accountId, batch.json);
              n += batch.count;
              last = batch.last;
            }
          }
          let next = after;
          if (last) {
            // The card's own updatedAt is its last top-level one (nested objects carry none in WB's shape).
            const stamps = [...last.matchAll(UPDATED_AT)];
            const nm = NM_ID.exec(last)?.[1];
            if (!stamps.length || !nm) throw new Error('cards: a card without updatedAt or nmID');
            next = { updatedAt: stamps[stamps.length - 1]![1]!, nmID: Number(nm) };
          }
          await ctx.commit(trx, next ?? {});
          ctx.counts.rowsReceived += n;
          ctx.counts.rowsWritten += written;
          ctx.counts.pages++;
          return { n, next };
        }),
    );
    after = page.next;
    if (page.n < limit) return;
  }
}
