import { randomUUID } from 'node:crypto';
import {
  discardStagedWbReportRows,
  moveStagedWbReportRows,
  stageWbReportRows,
  sweepWbReportRowsStage,
  upsertWbReportRows,
} from '@joycity/db';
import { AppError } from '@joycity/shared/errors';
import { moscowDate } from '@joycity/shared/time';
import { splitJsonArray } from '../ingest/json-array-splitter.ts';
import { pipelinedWriter } from '../ingest/pipelined-writer.ts';
import { WbCallError } from '../wb/wb-caller.ts';
import type { DatasetContext } from './context.ts';
import { upsertV5ReportRows } from './finance-v5.ts';

/** finance-api's maximum (and default) page. */
export const FINANCE_PAGE_LIMIT = 100_000;

const RRD_ID = /"rrdId"\s*:\s*(\d+)/;
const RRD_ID_V5 = /"rrd_id"\s*:\s*(\d+)/;

type Period = 'weekly' | 'daily';

/** A staged batch did not move whole (swept as an orphan meanwhile?): the page rolls back, the pass fails. */
export class StagedBatchError extends AppError {
  constructor(expected: number, moved: number) {
    super('SYNC_STAGED_BATCH_INCOMPLETE', `finance: moved ${moved} of ${expected} staged rows`, {
      status: 500,
    });
  }
}

/** Staged batches older than this belong to a worker that died between staging and moving them. */
const STAGE_ORPHAN_MS = 3_600_000;

/**
 * finance-api detailed sales reports (`POST /api/finance/v1/sales-reports/detailed`), per period, from
 * SYNC_FINANCE_START to today: rows ascending by rrdId, paged by the last row's rrdId until 204. The cursor
 * is that rrdId per period, committed with each page's rows, so a pass resumes after the last stored row and
 * an incremental pass costs one request (204) when no new report appeared. Money strings go to `numeric`
 * unchanged and report ids stay exact (SQL side). When finance-api answers 404 and SYNC_FINANCE_V5_FALLBACK
 * is on, statistics-api v5 reportDetailByPeriod is used instead (off by default: WB switched it off).
 */
export async function syncFinance(ctx: DatasetContext): Promise<void> {
  const limit = ctx.settings.pageSizes?.finance ?? FINANCE_PAGE_LIMIT;
  const cursor = { ...ctx.cursor } as Record<string, unknown>;
  const dateTo = moscowDate(ctx.now());
  if (ctx.settings.parseConnections > 0) await sweepWbReportRowsStage(ctx.db, STAGE_ORPHAN_MS);
  for (const period of ctx.settings.financePeriods) {
    let rrdId = Number((cursor[period] as { rrdId?: number } | undefined)?.rrdId ?? 0);
    for (;;) {
      const body = { dateFrom: ctx.settings.financeStart, dateTo, limit, rrdId, period };
      let page: { received: number; last: number | undefined };
      try {
        page = await ctx.callWb(
          ctx.key,
          {
            group: 'finance',
            method: 'POST',
            url: 'https://finance-api.wildberries.ru/api/finance/v1/sales-reports/detailed',
            body,
          },
          (res) =>
            ingestPage(
              ctx,
              res.status === 204 ? undefined : res.body,
              period,
              cursor,
              RRD_ID,
              upsertWbReportRows,
              ctx.settings.parseConnections > 0,
            ),
        );
      } catch (err) {
        if (!(err instanceof WbCallError && err.httpStatus === 404 && ctx.settings.financeV5Fallback))
          throw err;
        page = await v5Page(ctx, period, rrdId, limit, dateTo, cursor);
      }
      if (page.last === undefined) break; // 204: nothing after rrdId
      rrdId = page.last;
    }
  }
}

async function ingestPage(
  ctx: DatasetContext,
  stream: AsyncIterable<Buffer> | undefined,
  period: Period,
  cursor: Record<string, unknown>,
  idPattern: RegExp,
  upsert: typeof upsertWbReportRows = upsertWbReportRows,
  staged = false,
): Promise<{ received: number; last: number | undefined }> {
  if (!stream) return { received: 0, last: undefined };
  const tokens: string[] = [];
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      let received = 0;
      let last: string | undefined;
      // Staged: each batch is parsed on a pool connection (up to parseConnections at once) and moved into
      // the table by this transaction; direct: parsed and upserted by this transaction, overlapped with the
      // split of the next batch.
      const writer = pipelinedWriter<number>(staged ? ctx.settings.parseConnections : 2);
      try {
        for await (const batch of splitJsonArray(stream, ctx.settings.batchRows)) {
          if (staged) {
            const token = randomUUID();
            tokens.push(token);
            await writer.push(async () => {
              await stageWbReportRows(ctx.db, token, ctx.accountId, period, batch.bytes);
              const moved = await moveStagedWbReportRows(trx, token);
              // Every row of the batch must land in this transaction, or the cursor would skip some.
              if (moved !== batch.count) throw new StagedBatchError(batch.count, moved);
              return moved;
            });
          } else {
            await writer.push(() => upsert(trx, ctx.accountId, period, batch.json));
          }
          received += batch.count;
          last = batch.last;
        }
      } catch (err) {
        // Nothing may touch `trx` once it rolls back: let every batch still in flight settle first.
        await writer.drain().catch(() => undefined);
        throw err;
      }
      const written = (await writer.drain()).reduce((a, n) => a + n, 0);
      if (!last) return { received: 0, last: undefined };
      const id = idPattern.exec(last)?.[1];
      if (!id) throw new Error('finance: a row without rrdId');
      cursor[period] = { rrdId: Number(id) };
      await ctx.commit(trx, cursor);
      ctx.counts.rowsReceived += received;
      ctx.counts.rowsWritten += written;
      ctx.counts.pages++;
      return { received, last: Number(id) };
    });
  } catch (err) {
    // The page rolled back: its batches that were staged but not moved are scratch now.
    await discardStagedWbReportRows(ctx.db, tokens).catch(() => undefined);
    throw err;
  }
}

async function v5Page(
  ctx: DatasetContext,
  period: Period,
  rrdId: number,
  limit: number,
  dateTo: string,
  cursor: Record<string, unknown>,
) {
  const q = new URLSearchParams({
    dateFrom: ctx.settings.financeStart,
    dateTo,
    limit: String(limit),
    rrdid: String(rrdId),
    period,
  });
  return ctx.callWb(
    ctx.key,
    {
      group: 'financeV5',
      method: 'GET',
      url: `https://statistics-api.wildberries.ru/api/v5/supplier/reportDetailByPeriod?${q.toString()}`,
    },
    (res) =>
      ingestPage(
        ctx,
        res.status === 204 ? undefined : res.body,
        period,
        cursor,
        RRD_ID_V5,
        upsertV5ReportRows,
      ),
  );
}
