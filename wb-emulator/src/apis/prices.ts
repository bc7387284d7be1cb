import type { Context, Hono } from 'hono';
import { ParamError, intParam } from './params.ts';
import { method, sellerApiApp, type CallContext, type MethodDefinition } from './seller-api.ts';
import { priceItem } from '../data/adverts.ts';
import { JSON_TYPE, json } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';

/** discounts-prices-api: goods with prices (limit/offset paging; an empty list means done). */

function fail(errorText: string): Response {
  return new Response(JSON.stringify({ data: null, error: true, errorText }), {
    status: 400,
    headers: { 'content-type': JSON_TYPE },
  });
}

function goods(c: Context<HostEnv>, call: CallContext): Response {
  let limit: number | undefined;
  let offset: number;
  let nm: number | undefined;
  try {
    limit = intParam(c.req.query('limit'), 'limit');
    offset = intParam(c.req.query('offset'), 'offset') ?? 0;
    nm = intParam(c.req.query('filterNmID'), 'filterNmID');
  } catch (err) {
    return fail(
      err instanceof ParamError ? `Invalid request parameters: ${err.message}` : 'Invalid request parameters',
    );
  }
  if (limit === undefined || limit < 1 || limit > 1000)
    return fail('Invalid request parameters: limit must be 1…1000');
  if (offset < 0) return fail('Invalid request parameters: offset must not be negative');
  const cards = call.data.account.cards.filter((card) => nm === undefined || card.nmID === nm);
  const page = cards.slice(offset, offset + limit);
  call.setRows(page.length);
  return json({ data: { listGoods: page.map(priceItem) }, error: false, errorText: '' });
}

/** The methods this host serves (data: the limit-table test reads them too). */
export const pricesMethods: readonly MethodDefinition[] = [
  method(
    {
      id: 'prices.goodsFilter',
      method: 'GET',
      path: '/api/v2/list/goods/filter',
      limit: 'prices',
      bucket: 'prices-category',
      spec: { file: '02-items.yaml', path: '/api/v2/list/goods/filter', method: 'get' },
    },
    goods,
  ),
];

export function pricesApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, pricesMethods);
}
