import type { Context, Hono } from 'hono';
import { method, sellerApiApp, type CallContext, type MethodDefinition } from './seller-api.ts';
import { advertItem } from '../data/adverts.ts';
import { JSON_TYPE, json } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import { moscowWithOffset } from '../util/moscow.ts';

/** advert-api: campaigns (v2) with their articles, and the campaign counts. */

function invalid(c: Context<HostEnv>, detail: string): Response {
  return new Response(
    JSON.stringify({
      detail,
      origin: 'camp-api-public-cache',
      request_id: c.env.wb.requestId,
      status: 400,
      title: 'invalid payload',
    }),
    { status: 400, headers: { 'content-type': JSON_TYPE } },
  );
}

function parseIntList(value: string | undefined): number[] | null | undefined {
  if (value === undefined || value === '') return undefined;
  const parts = value.split(',').map((p) => p.trim());
  if (!parts.every((p) => /^-?\d+$/.test(p))) return null;
  return parts.map(Number);
}

function adverts(c: Context<HostEnv>, call: CallContext): Response {
  const ids = parseIntList(c.req.query('ids'));
  if (ids === null) return invalid(c, 'invalid ids value');
  if (ids && ids.length > 50) return invalid(c, 'too many ids, maximum 50');
  const statuses = parseIntList(c.req.query('statuses'));
  if (statuses === null) return invalid(c, 'invalid statuses value');
  const paymentType = c.req.query('payment_type');
  if (paymentType !== undefined && paymentType !== 'cpm' && paymentType !== 'cpc')
    return invalid(c, 'invalid payment_type value');
  const list = call.data.adverts.filter(
    (a) =>
      a.createdMs <= call.nowMs &&
      (!ids || ids.includes(a.id)) &&
      (!statuses || statuses.includes(a.status)) &&
      (!paymentType || a.paymentType === paymentType),
  );
  call.setRows(list.length);
  return json({ adverts: list.map(advertItem) });
}

function promotionCount(_c: Context<HostEnv>, call: CallContext): Response {
  const groups = new Map<number, Array<{ advertId: number; changeTime: string }>>();
  for (const a of call.data.adverts) {
    if (a.createdMs > call.nowMs) continue;
    const list = groups.get(a.status) ?? [];
    list.push({ advertId: a.id, changeTime: moscowWithOffset(a.updatedMs) });
    groups.set(a.status, list);
  }
  const adverts = [...groups.entries()]
    .sort(([x], [y]) => x - y)
    .map(([status, list]) => ({ type: 9, status, count: list.length, advert_list: list }));
  return json({ adverts, all: adverts.reduce((n, g) => n + g.count, 0) });
}

/** The methods this host serves (data: the limit-table test reads them too). */
export const advertMethods: readonly MethodDefinition[] = [
  method(
    {
      id: 'advert.adverts',
      method: 'GET',
      path: '/api/advert/v2/adverts',
      limit: 'adverts',
      spec: { file: '08-promotion.yaml', path: '/api/advert/v2/adverts', method: 'get' },
    },
    adverts,
  ),
  method(
    {
      id: 'advert.promotionCount',
      method: 'GET',
      path: '/adv/v1/promotion/count',
      limit: 'promotionCount',
      spec: { file: '08-promotion.yaml', path: '/adv/v1/promotion/count', method: 'get' },
    },
    promotionCount,
  ),
];

export function advertApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, advertMethods);
}
