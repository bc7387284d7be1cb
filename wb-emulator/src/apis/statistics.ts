import type { Context } from 'hono';
import type { Hono } from 'hono';
import { financeReportDay } from './finance.ts';
import { ParamError, intParam, parseWbInstant } from './params.ts';
import { method, sellerApiApp, type CallContext, type MethodDefinition } from './seller-api.ts';
import { v5Row } from '../data/finance-rows.ts';
import type { FinancePeriod } from '../data/finance.ts';
import {
  orderRow,
  ordersByLastChange,
  ordersOnDay,
  saleRow,
  salesByLastChange,
  salesOnDay,
} from '../data/statistics.ts';
import { incomeRow, incomesSince, legacyStockRow, stockSnapshot } from '../data/stocks.ts';
import { JSON_TYPE, jsonArray, mapIter, take } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import { moscowDayNo } from '../util/moscow.ts';

/**
 * statistics-api: orders and sales (lastChangeDate paging with the 80,000-row cap, flag=1 by day, 90-day
 * retention), and the switchable legacy methods: stocks, incomes and v5 reportDetailByPeriod.
 */

/** WB's conditional cap on one flag=0 answer. */
export const STATISTICS_PAGE_CAP = 80_000;
const LEGACY_STOCKS_CAP = 60_000;
const LEGACY_INCOMES_CAP = 100_000;

const statisticsError = (errors: string | string[]) =>
  new Response(JSON.stringify({ errors }), { status: 400, headers: { 'content-type': JSON_TYPE } });

/** Reads `dateFrom` as WB does; returns a 400 answer on failure. */
function dateFrom(c: Context<HostEnv>): number | Response {
  const raw = c.req.query('dateFrom');
  if (raw === undefined || raw === '') return statisticsError(['dateFrom: field required']);
  try {
    return parseWbInstant(raw);
  } catch {
    return statisticsError('dateFrom: Value not validated');
  }
}

function flag(c: Context<HostEnv>): 0 | 1 {
  return c.req.query('flag') === '1' ? 1 : 0;
}

function orders(c: Context<HostEnv>, call: CallContext): Response {
  const from = dateFrom(c);
  if (from instanceof Response) return from;
  const book = call.data.orders;
  const rows =
    flag(c) === 1
      ? ordersOnDay(book, moscowDayNo(Number.isFinite(from) ? from : 0), call.nowMs)
      : take(ordersByLastChange(book, from, call.nowMs), STATISTICS_PAGE_CAP);
  return jsonArray(
    mapIter(rows, (o) => orderRow(o, call.nowMs)),
    { onEnd: call.setRows },
  );
}

function sales(c: Context<HostEnv>, call: CallContext): Response {
  const from = dateFrom(c);
  if (from instanceof Response) return from;
  const book = call.data.orders;
  const rows =
    flag(c) === 1
      ? salesOnDay(book, moscowDayNo(Number.isFinite(from) ? from : 0), call.nowMs)
      : take(salesByLastChange(book, from, call.nowMs), STATISTICS_PAGE_CAP);
  return jsonArray(mapIter(rows, saleRow), { onEnd: call.setRows });
}

function legacyStocks(c: Context<HostEnv>, call: CallContext): Response {
  const from = dateFrom(c);
  if (from instanceof Response) return from;
  const rows = stockSnapshot(call.emu.world.seed, call.data.account, call.nowMs)
    .filter((r) => r.lastChangeMs >= from)
    .sort((x, y) => x.lastChangeMs - y.lastChangeMs)
    .slice(0, LEGACY_STOCKS_CAP);
  return jsonArray(rows.map(legacyStockRow).values(), { onEnd: call.setRows });
}

function legacyIncomes(c: Context<HostEnv>, call: CallContext): Response {
  const from = dateFrom(c);
  if (from instanceof Response) return from;
  const lines = incomesSince(
    call.emu.world.seed,
    call.data.account,
    call.emu.world.firstDay,
    from,
    call.nowMs,
  );
  return jsonArray(lines.slice(0, LEGACY_INCOMES_CAP).map(incomeRow).values(), { onEnd: call.setRows });
}

/** v5's 400 body (response400rDBP, 2025-12). */
function v5Error(c: Context<HostEnv>, detail: string): Response {
  return new Response(
    JSON.stringify({
      status: 400,
      title: 'GetReportDetailByPeriodNB decode error',
      detail: `GetReportDetailByPeriodNB decode error: ${detail}`,
      request_id: c.env.wb.requestId,
      origin: 'open-api',
    }),
    { status: 400, headers: { 'content-type': JSON_TYPE } },
  );
}

function reportDetailByPeriod(c: Context<HostEnv>, call: CallContext): Response {
  const q = (name: string) => c.req.query(name);
  const from = q('dateFrom');
  const to = q('dateTo');
  if (!from) return v5Error(c, 'missing dateFrom params');
  if (!to) return v5Error(c, 'missing dateTo params');
  let limit: number;
  let after: number;
  let fromDay: number;
  let toDay: number;
  try {
    limit = intParam(q('limit'), 'limit') ?? 100_000;
    after = intParam(q('rrdid'), 'rrdid') ?? 0;
    fromDay = financeReportDay(from);
    toDay = financeReportDay(to);
  } catch (err) {
    return v5Error(c, err instanceof ParamError ? err.message : 'bad params');
  }
  const period = (q('period') ?? 'weekly') as FinancePeriod;
  if (period !== 'weekly' && period !== 'daily')
    return v5Error(c, `period: unknown value '${String(period)}'`);
  if (limit < 1 || limit > 100_000) return v5Error(c, 'limit: must be between 1 and 100000');
  const book = call.data.finance;
  const reports = book.reportsOverlapping(period, fromDay, toDay, call.nowMs);
  const rows = take(book.rows(period, reports, after), limit);
  return jsonArray(
    mapIter(rows, (r) => v5Row(call.data.account, r.report, r.op, r.rrdId)),
    { emptyStatus: 204, onEnd: call.setRows },
  );
}

const spec = (path: string, version: '2025-12' | '2026-07' = '2026-07') => ({
  file:
    version === '2026-07' ? '12-reports.yaml' : path.includes('v5') ? '13-finances.yaml' : '12-reports.yaml',
  path,
  method: 'get' as const,
  version,
});

/** The methods this host serves (data: the limit-table test reads them too). */
export const statisticsMethods: readonly MethodDefinition[] = [
  method(
    {
      id: 'statistics.orders',
      method: 'GET',
      path: '/api/v1/supplier/orders',
      limit: 'statisticsOrders',
      spec: spec('/api/v1/supplier/orders'),
    },
    orders,
  ),
  method(
    {
      id: 'statistics.sales',
      method: 'GET',
      path: '/api/v1/supplier/sales',
      limit: 'statisticsSales',
      spec: spec('/api/v1/supplier/sales'),
    },
    sales,
  ),
  method(
    {
      id: 'statistics.stocks',
      method: 'GET',
      path: '/api/v1/supplier/stocks',
      limit: 'statisticsLegacy',
      legacy: 'stocks',
      spec: spec('/api/v1/supplier/stocks', '2025-12'),
    },
    legacyStocks,
  ),
  method(
    {
      id: 'statistics.incomes',
      method: 'GET',
      path: '/api/v1/supplier/incomes',
      limit: 'statisticsLegacy',
      legacy: 'incomes',
      spec: spec('/api/v1/supplier/incomes', '2025-12'),
    },
    legacyIncomes,
  ),
  method(
    {
      id: 'statistics.reportDetailByPeriod',
      method: 'GET',
      path: '/api/v5/supplier/reportDetailByPeriod',
      limit: 'statisticsLegacy',
      legacy: 'reportDetailByPeriod',
      spec: spec('/api/v5/supplier/reportDetailByPeriod', '2025-12'),
    },
    reportDetailByPeriod,
  ),
];

export function statisticsApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, statisticsMethods);
}
