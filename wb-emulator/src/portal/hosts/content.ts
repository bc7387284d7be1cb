import { responseBytes } from '../../util/body.ts';
import { scopeMask } from '@joycity/shared/wb';
import { Hono, type Context } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { XLSX_TYPE, attachment, buildXlsx, type XlsxColumn } from '../exports/xlsx.ts';
import { portalCors } from '../http/cors.ts';
import { nsFail, nsOk, PortalParamError } from '../http/envelope.ts';
import { originsOf } from '../http/origins.ts';
import { checkInt, jsonObject, pageOf, portalErrors } from '../http/params.ts';
import { requireSession, sessionFrom } from '../session/guard.ts';
import { PortalState, type ApiTokenRecord } from '../session/state.ts';
import {
  filterStocks,
  stockTotals,
  stockView,
  stocksByCard,
  type CardStock,
  type StocksQuery,
} from '../views/stocks.ts';

/**
 * seller-content.wildberries.ru: the stocks report of content analytics (`nmID`, sizes and warehouses nested;
 * a raw xlsx export) and API-token management (`/ns/suppliers-auth-tokens/…`: list, create — the answer
 * carries the new key, once — and revoke).
 */

const STOCKS = '/ns/analytics-api/content-analytics/api/v2/stocks-report';
const TOKENS = '/ns/suppliers-auth-tokens/suppliers-portal-core/api/v1/tokens';

function stocksQuery(body: Record<string, unknown>): StocksQuery {
  const filters = (body.filters ?? {}) as Record<string, unknown>;
  const order = (body.orderBy ?? {}) as Record<string, unknown>;
  const field = order.field === 'nmID' || order.field === 'vendorCode' ? order.field : 'quantity';
  return {
    search: typeof filters.search === 'string' ? filters.search : undefined,
    subjectId:
      filters.subjectId === undefined || filters.subjectId === null
        ? undefined
        : checkInt(filters.subjectId, 'filters.subjectId'),
    hasStock: typeof filters.hasStock === 'boolean' ? filters.hasStock : undefined,
    orderBy: field,
    desc: order.mode !== 'asc',
  };
}

const STOCK_EXPORT: ReadonlyArray<XlsxColumn<CardStock>> = [
  { header: 'Бренд', value: (s) => s.card.brand },
  { header: 'Предмет', value: (s) => s.card.subject.subjectName },
  { header: 'Артикул продавца', value: (s) => s.card.vendorCode, width: 18 },
  { header: 'Артикул WB', value: (s) => s.card.nmID, width: 14 },
  { header: 'Наименование', value: (s) => s.card.title, width: 30 },
  { header: 'Размеров', value: (s) => s.card.sizes.length },
  { header: 'Остаток на складах, шт', value: (s) => s.quantity, total: true },
  { header: 'В пути к клиенту, шт', value: (s) => s.inWayToClient, total: true },
  { header: 'В пути от клиента, шт', value: (s) => s.inWayFromClient, total: true },
  { header: 'Склады', value: (s) => [...new Set(s.rows.map((r) => r.warehouse.name))].join(', '), width: 40 },
];

function tokenView(t: ApiTokenRecord, nowMs: number): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    type: t.type,
    scopes: t.scopes,
    readOnly: t.readOnly,
    createdAt: new Date(t.createdMs).toISOString(),
    expiresAt: new Date(t.expiresMs).toISOString(),
    status: t.revokedMs !== undefined ? 'revoked' : t.expiresMs <= nowMs ? 'expired' : 'active',
  };
}

const GRANTABLE = [
  'content',
  'analytics',
  'prices',
  'marketplace',
  'statistics',
  'promotion',
  'feedbacks',
  'buyer_chat',
  'supplies',
  'returns',
  'documents',
  'finance',
];

export function contentHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  app.use('/ns/*', requireSession(emu, { mode: 'ns' }));

  const stocks = (c: Context<HostEnv>, body: Record<string, unknown>) => {
    const { data: d } = sessionFrom(c);
    return filterStocks(stocksByCard(emu.world.seed, d, emu.clock.now()), stocksQuery(body));
  };

  app.post(`${STOCKS}/report`, async (c) => {
    const body = await jsonObject(c);
    const items = stocks(c, body);
    const limit = body.limit === undefined ? 20 : checkInt(body.limit, 'limit', { min: 1, max: 1000 });
    const offset = body.offset === undefined ? 0 : checkInt(body.offset, 'offset', { min: 0 });
    const o = originsOf(c);
    const { data: d } = sessionFrom(c);
    return nsOk({
      items: pageOf(items, offset, limit).map((s) => stockView(s, o)),
      total: items.length,
      totals: stockTotals(items),
      subjects: [
        ...new Map(
          d.account.cards.map((card) => [card.subject.subjectID, card.subject.subjectName]),
        ).entries(),
      ].map(([id, name]) => ({ id, name })),
      snapshotAt: new Date(Math.floor(emu.clock.now() / 1_800_000) * 1_800_000).toISOString(),
    });
  });

  app.get(`${STOCKS}/excel`, async (c) => {
    const items = stocks(c, { filters: { search: c.req.query('search') } });
    const xlsx = await buildXlsx({ sheetName: 'Остатки', columns: STOCK_EXPORT, rows: items });
    return new Response(responseBytes(xlsx), {
      headers: { 'content-type': XLSX_TYPE, 'content-disposition': attachment('Остатки товаров.xlsx') },
    });
  });

  // API-token management (sensitive).
  app.get(TOKENS, (c) => {
    const s = sessionFrom(c);
    const list = PortalState.of(emu).apiTokens.get(s.data.account.index) ?? [];
    const now = emu.clock.now();
    return nsOk({ tokens: list.map((t) => tokenView(t, now)), total: list.length, scopes: GRANTABLE });
  });
  app.post(TOKENS, async (c) => {
    const s = sessionFrom(c);
    const body = await jsonObject(c);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > 100) throw new PortalParamError('name: 1 to 100 characters');
    const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : [];
    if (scopes.length === 0 || scopes.some((x) => !GRANTABLE.includes(x)))
      throw new PortalParamError(`scopes: one or more of ${GRANTABLE.join(', ')}`);
    const readOnly = body.readOnly === true;
    const type = body.type === 'service' ? 'service' : 'personal';
    const key = await emu.mintKey(s.data.account.id, {
      acc: type === 'service' ? 4 : 3,
      s: (scopeMask(scopes) | (readOnly ? 1 << 30 : 0)) >>> 0,
    });
    const state = PortalState.of(emu);
    const record: ApiTokenRecord = {
      id: `tok-${key.id.slice(0, 8)}`,
      name,
      scopes,
      readOnly,
      type,
      createdMs: Date.parse(key.issuedAt),
      expiresMs: Date.parse(key.expiresAt),
      keyId: key.id,
    };
    state.apiTokens.set(s.data.account.index, [...(state.apiTokens.get(s.data.account.index) ?? []), record]);
    return nsOk({ ...tokenView(record, emu.clock.now()), token: key.token });
  });
  app.delete(`${TOKENS}/:id`, (c) => {
    const s = sessionFrom(c);
    const record = PortalState.of(emu)
      .apiTokens.get(s.data.account.index)
      ?.find((t) => t.id === c.req.param('id'));
    if (!record) return nsFail(404, 'token not found');
    record.revokedMs = emu.clock.now();
    emu.withdraw({ keyId: record.keyId });
    return nsOk(tokenView(record, emu.clock.now()));
  });

  app.all('*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));
  return app;
}
