import type { Context, Hono } from 'hono';
import { ParamError, isRecord, jsonBody } from './params.ts';
import { method, sellerApiApp, type CallContext, type MethodDefinition } from './seller-api.ts';
import { stockSnapshot, wbWarehouseStockItem } from '../data/stocks.ts';
import { JSON_TYPE, json } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';

/**
 * seller-analytics-api `POST /api/analytics/v1/stocks-report/wb-warehouses`: current stock per size per WB
 * warehouse, limit/offset paging (limit ≤ 250,000), optional nmIds (≤ 1000) and chrtIds filters.
 */

const MAX_LIMIT = 250_000;

function fail(c: Context<HostEnv>, detail: string): Response {
  return new Response(
    JSON.stringify({
      title: 'Invalid request body',
      detail,
      requestId: c.env.wb.requestId,
      origin: 'analytic-open-api',
    }),
    { status: 400, headers: { 'content-type': JSON_TYPE } },
  );
}

function ids(value: unknown, name: string, max?: number): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v)))
    throw new ParamError(`${name} must be an array of integers`);
  if (max !== undefined && value.length > max) throw new ParamError(`${name}: at most ${max} items`);
  return value as number[];
}

async function wbWarehouses(c: Context<HostEnv>, call: CallContext): Promise<Response> {
  let nmIds: number[] | undefined;
  let chrtIds: number[] | undefined;
  let limit: number;
  let offset: number;
  try {
    const body = await jsonBody(c.req);
    if (!isRecord(body)) throw new ParamError('request body must be a JSON object');
    nmIds = ids(body.nmIds, 'nmIds', 1000);
    chrtIds = ids(body.chrtIds, 'chrtIds');
    const l = body.limit ?? MAX_LIMIT;
    const o = body.offset ?? 0;
    if (!Number.isInteger(l) || (l as number) < 0 || (l as number) > MAX_LIMIT)
      throw new ParamError(`limit must be 0…${MAX_LIMIT}`);
    if (!Number.isInteger(o) || (o as number) < 0)
      throw new ParamError('offset must be a non-negative integer');
    limit = l as number;
    offset = o as number;
  } catch (err) {
    return fail(c, err instanceof ParamError ? err.message : 'invalid request');
  }
  const nmSet = nmIds?.length ? new Set(nmIds) : undefined;
  const chrtSet = nmSet && chrtIds?.length ? new Set(chrtIds) : undefined;
  const rows = stockSnapshot(call.emu.world.seed, call.data.account, call.nowMs).filter(
    (r) => (!nmSet || nmSet.has(r.card.nmID)) && (!chrtSet || chrtSet.has(r.size.chrtID)),
  );
  const page = rows.slice(offset, offset + limit);
  call.setRows(page.length);
  return json({ data: { items: page.map(wbWarehouseStockItem) } });
}

/** The methods this host serves (data: the limit-table test reads them too). */
export const analyticsMethods: readonly MethodDefinition[] = [
  method(
    {
      id: 'analytics.stocksWbWarehouses',
      method: 'POST',
      path: '/api/analytics/v1/stocks-report/wb-warehouses',
      limit: 'stocksReport',
      tokenTypes: ['personal', 'service'],
      origin: 'analytic-open-api',
      spec: {
        file: '11-analytics.yaml',
        path: '/api/analytics/v1/stocks-report/wb-warehouses',
        method: 'post',
      },
    },
    wbWarehouses,
  ),
];

export function analyticsApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, analyticsMethods);
}
