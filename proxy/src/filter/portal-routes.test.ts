import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { createLogger } from '@joycity/shared/logger';
import {
  createPortalClient,
  startEmulator,
  type AccountCredentials,
  type PortalClient,
  type RunningEmulator,
} from '@joycity/wb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedNmIds, readableTexts } from '../testing/leaks.ts';
import { createVisibleSet, type VisibleSet } from '../visibility/visible-set.ts';
import { createFilterEngine, type FilterEngine } from './engine.ts';
import { FilterError } from './errors.ts';
import type { RequestContext } from './types.ts';

/**
 * Every portal section end to end: real answers of the emulated portal (logged in with its test client),
 * guarded and filtered by the engine as the pipeline will, checked for hidden articles in every byte and for
 * counts recomputed from what remains.
 */

let emu: RunningEmulator;
let tdb: TestDatabase;
let engine: FilterEngine;
let portal: PortalClient;
let visible: VisibleSet;
let allNms: number[];
let hiddenNms: number[];
let userId: string;

const WEEKLY = 'https://seller-weekly-report.wildberries.ru';
const SERVICES = 'https://seller-services.wildberries.ru';

beforeAll(async () => {
  emu = await startEmulator({ seed: 7, accounts: 1, days: 45, now: '2026-11-20T12:00:00Z', timeScale: 1000 });
  tdb = await createTestDatabase();
  const db = tdb.connect();
  engine = createFilterEngine({
    db,
    logger: createLogger({ service: 'proxy-test', level: 'silent' }),
    now: () => new Date('2026-11-20T12:00:00Z'),
  });
  const account = emu.emulator.accounts()[0] as AccountCredentials;
  portal = createPortalClient(emu.url);
  portal.useCredentials(account.portal);
  allNms = emu.emulator.world.data[0]!.account.cards.map((c) => c.nmID);
  const november = new Set(allNms.filter((_, i) => i % 2 === 0));
  const october = new Set(allNms.filter((_, i) => i % 3 === 0));
  hiddenNms = allNms.filter((nm) => !november.has(nm) && !october.has(nm));
  userId = '00000000-0000-4000-8000-000000000001';
  visible = createVisibleSet({
    userId,
    accountId: 1,
    at: new Date('2026-11-20T12:00:00Z'),
    months: new Map([
      ['2026-11-01', november],
      ['2026-10-01', october],
    ]),
  });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await tdb?.drop();
});

interface Through {
  status: number;
  body: Uint8Array;
  json<T = Record<string, unknown>>(): T;
  stats: { kept: number; removed: number };
}

/** One request through guard → (rewritten) upstream → filter, like the pipeline. */
async function through(url: string, init: { method?: string; body?: unknown } = {}): Promise<Through> {
  const u = new URL(url);
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const bodyText = init.body === undefined ? undefined : JSON.stringify(init.body);
  const ctx: RequestContext = {
    host: u.hostname,
    method,
    path: u.pathname,
    search: u.searchParams,
    ...(bodyText ? { body: new TextEncoder().encode(bodyText), contentType: 'application/json' } : {}),
  };
  const decision = await engine.guardRequest(ctx, visible);
  if (decision.action === 'deny') throw Object.assign(new Error(decision.code), { decision });
  if (decision.action === 'answer') {
    return {
      status: decision.status,
      body: decision.body,
      json: <T>() => JSON.parse(Buffer.from(decision.body).toString()) as T,
      stats: { kept: 0, removed: 0 },
    };
  }
  const search = decision.rewrite?.search ?? u.searchParams;
  const upstreamBody = decision.rewrite?.body ? Buffer.from(decision.rewrite.body).toString() : bodyText;
  const res = await portal.request(`${u.origin}${u.pathname}${search.size ? `?${search.toString()}` : ''}`, {
    method,
    ...(upstreamBody === undefined ? {} : { body: upstreamBody }),
  });
  const plan = engine.planResponse(ctx);
  if (!plan)
    return { status: res.status, body: res.body, json: () => res.json(), stats: { kept: 0, removed: 0 } };
  const out = await engine.applyResponseFilter(
    plan,
    { status: res.status, contentType: res.headers['content-type'], body: res.body },
    visible,
  );
  return {
    status: out.status,
    body: out.body,
    json: <T>() => JSON.parse(Buffer.from(out.body).toString()) as T,
    stats: out.stats,
  };
}

function expectNoLeak(t: Through): void {
  expect(leakedNmIds(t.body, hiddenNms)).toEqual([]);
}

const kop = (v: unknown) => Math.round(Number(v) * 100);

describe('portal routes through the filter', () => {
  it('orders: dated rows by their month, totals and paging recomputed', async () => {
    const url = `${WEEKLY}/ns/orders/analytics-back/api/v1/orders?dateFrom=2026-10-20&dateTo=2026-11-20`;
    const all = await through(`${url}&limit=1000`);
    expectNoLeak(all);
    const data = all.json<{
      data: {
        orders: Array<{ nmId: number; orderDate: string; finishedPrice: number }>;
        total: number;
        totals: { count: number; sum: number };
      };
    }>().data;
    expect(data.orders.length).toBeGreaterThan(0);
    expect(all.stats.removed).toBeGreaterThan(0);
    for (const o of data.orders) expect(visible.visibleAt(o.nmId, o.orderDate)).toBe(true);
    expect(data.total).toBe(data.orders.length);
    expect(data.totals.count).toBe(data.orders.length);
    expect(kop(data.totals.sum)).toBe(data.orders.reduce((n, o) => n + kop(o.finishedPrice), 0));
    const page = (await through(`${url}&limit=5&offset=5`)).json<{
      data: { orders: unknown[]; total: number };
    }>().data;
    expect(page.total).toBe(data.total);
    expect(page.orders).toEqual(data.orders.slice(5, 10));
  });

  it('refuses a request naming a hidden article (nmId parameter, search)', async () => {
    const hidden = hiddenNms[0]!;
    await expect(
      through(`${WEEKLY}/ns/orders/analytics-back/api/v1/orders?nmId=${hidden}`),
    ).rejects.toMatchObject({
      decision: { action: 'deny', status: 404, code: 'NM_NOT_VISIBLE' },
    });
    await expect(
      through(`${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report`, {
        body: { search: String(hidden) },
      }),
    ).rejects.toMatchObject({ decision: { code: 'NM_NOT_VISIBLE' } });
    await expect(
      through('https://cmp.wildberries.ru/api/v1/adverts/1/bids', {
        method: 'PATCH',
        body: { bids: [{ nm: hidden, cpm: 300 }] },
      }),
    ).rejects.toMatchObject({ decision: { code: 'NM_NOT_VISIBLE' } });
    const mine = [...visible.nmIds][0]!;
    const ok = await through(
      `${WEEKLY}/ns/orders/analytics-back/api/v1/orders?nmId=${mine}&dateFrom=2026-11-01&dateTo=2026-11-20`,
    );
    expect(ok.status).toBe(200);
  });

  it('supplier-goods report and region sales: period figures, totals from what remains', async () => {
    const goods = await through(`${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report`, {
      body: { dateFrom: '2026-11-10', dateTo: '2026-11-20', limit: 10 },
    });
    expectNoLeak(goods);
    const g = goods.json<{
      data: {
        cards: Array<{ nm: number; ordersCount: number }>;
        count: number;
        total: { ordersCount: number };
      };
    }>().data;
    expect(g.count).toBe(visible.nmIds.size);
    expect(g.cards.length).toBe(Math.min(10, g.count));
    const full = (
      await through(`${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report`, {
        body: { dateFrom: '2026-11-10', dateTo: '2026-11-20', limit: 1000 },
      })
    ).json<{ data: { cards: Array<{ ordersCount: number }>; total: { ordersCount: number } } }>().data;
    expect(full.total.ordersCount).toBe(full.cards.reduce((n, c) => n + c.ordersCount, 0));
    const regions = await through(
      `${WEEKLY}/ns/region-sales/analytics-back/api/v1/region-sales?dateFrom=2026-11-10&dateTo=2026-11-20`,
    );
    expectNoLeak(regions);
    const r = regions.json<{
      data: {
        regions: Array<{ ordersCount: number; nms: Record<string, { ordersCount: number }> }>;
        total: { ordersCount: number };
      };
    }>().data;
    for (const region of r.regions)
      expect(region.ordersCount).toBe(Object.values(region.nms).reduce((n, x) => n + x.ordersCount, 0));
    expect(r.total.ordersCount).toBe(r.regions.reduce((n, x) => n + x.ordersCount, 0));
  });

  it('stocks, prices, reviews, questions, notifications and the dashboard', async () => {
    const stocks = await through(
      'https://seller-content.wildberries.ru/ns/analytics-api/content-analytics/api/v2/stocks-report/report',
      { body: { limit: 5 } },
    );
    expectNoLeak(stocks);
    const s = stocks.json<{ data: { items: unknown[]; total: number; totals: { cards: number } } }>().data;
    expect(s.total).toBe(visible.nmIds.size);
    expect(s.totals.cards).toBe(visible.nmIds.size);
    expect(s.items).toHaveLength(5);
    const prices = await through(
      'https://discounts-prices.wildberries.ru/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods/filter',
      { body: { limit: 1000 } },
    );
    expectNoLeak(prices);
    expect(prices.json<{ data: { countGoods: number } }>().data.countGoods).toBe(visible.nmIds.size);
    for (const isAnswered of ['true', 'false']) {
      const fb = await through(
        `https://seller-reviews.wildberries.ru/ns/fa-seller-api/reviews-ext-seller-portal/api/v2/feedbacks?isAnswered=${isAnswered}&limit=7`,
      );
      expectNoLeak(fb);
      const q = await through(
        `https://seller-reviews.wildberries.ru/ns/fa-seller-api/questions-ext-seller-portal/api/v1/questions?isAnswered=${isAnswered}&limit=7`,
      );
      expectNoLeak(q);
      expect(q.json<{ data: { total: number } }>().data.total).toBeGreaterThanOrEqual(0);
    }
    const notes = await through(
      'https://seller-communications.wildberries.ru/ns/notifications/api/v1/notifications?limit=100',
    );
    expectNoLeak(notes);
    const read = await through(
      'https://seller-communications.wildberries.ru/ns/notifications/api/v1/notifications/read',
      { body: { ids: [] } },
    );
    expectNoLeak(read);
    expect(read.json<{ data: unknown }>().data).toEqual({});
    const dash = await through(
      'https://seller.wildberries.ru/ns/dashboard/suppliers-portal-core/api/v1/summary',
    );
    expectNoLeak(dash);
    expect(dash.json<{ data: { cards: number } }>().data.cards).toBe(visible.nmIds.size);
  });

  it('supplies over JSON-RPC, single calls and batches: a supply is shown only when all its articles are assigned', async () => {
    const base = 'https://seller-supply.wildberries.ru/ns/sm-supply/supply-manager/api/v1/supply';
    const list = await through(`${base}/listSupplies`, {
      body: { jsonrpc: '2.0', id: 'a', params: { pageSize: 1000 } },
    });
    expectNoLeak(list);
    const result = list.json<{
      result: { data: Array<{ supplyID: number; nmIDs: number[] }>; totalCount: number };
    }>().result;
    for (const s of result.data) for (const nm of s.nmIDs) expect(visible.has(nm)).toBe(true);
    expect(result.totalCount).toBe(result.data.length);
    const upstream = await portal.rpc<{ data: Array<{ supplyID: number; nmIDs: number[] }> }>(
      `${base}/listSupplies`,
      undefined,
      { pageSize: 1000 },
    );
    const foreign = upstream.data.find((s) => s.nmIDs.some((nm) => !visible.has(nm)))!;
    const batch = await through(base, {
      body: [
        { jsonrpc: '2.0', id: 1, method: 'listSupplies', params: { pageSize: 2 } },
        { jsonrpc: '2.0', id: 2, method: 'supplyDetails', params: { supplyID: foreign.supplyID } },
      ],
    });
    expectNoLeak(batch);
    const answers =
      batch.json<Array<{ id: number; result?: { data: unknown[] }; error?: { code: number } }>>();
    expect(answers[0]!.result!.data.length).toBeLessThanOrEqual(2);
    expect(answers[1]!.error!.code).toBe(404);
    const csv = await through(`${base}/export?supplyID=${foreign.supplyID}`);
    expectNoLeak(csv);
  });

  it('campaigns in cmp: visible only when all their articles are assigned; counts recomputed', async () => {
    const list = await through('https://cmp.wildberries.ru/api/v1/adverts?status=all&pageSize=100');
    expectNoLeak(list);
    const l = list.json<{
      content: Array<{ id: number; nms: number[] }>;
      total: number;
      counts: { all: number };
    }>();
    expect(l.total).toBe(l.content.length);
    expect(l.counts.all).toBe(l.total);
    for (const a of l.content) expect(a.nms.every((nm) => visible.has(nm))).toBe(true);
    const raw = await portal.request('https://cmp.wildberries.ru/api/v1/adverts?status=all&pageSize=100');
    const ids = raw.json<{ content: Array<{ id: number }> }>().content.map((a) => a.id);
    for (const id of ids) {
      const one = await through(`https://cmp.wildberries.ru/api/v1/adverts/${id}`);
      expectNoLeak(one);
      expect([200, 404]).toContain(one.status);
      expect(one.status === 200).toBe(l.content.some((a) => a.id === id));
    }
    const stat = await through('https://cmp.wildberries.ru/api/v3/fullstat', {
      body: { ids, dateFrom: '2026-11-01', dateTo: '2026-11-20' },
    });
    expectNoLeak(stat);
  });

  it('finance: report lists and single reports carry only the manager figures; detail lines lose hidden and cabinet-wide rows', async () => {
    const list = await through(
      `${SERVICES}/ns/reports/seller-wb-balance/api/v1/reports-weekly?dateFrom=2026-10-01&dateTo=2026-11-20`,
    );
    const reports = list.json<{
      data: { reports: Array<{ id: number; bankPaymentSum: number }>; count: number };
    }>().data;
    expect(reports.count).toBeGreaterThan(0);
    // No finance rows are synced in this database: every figure is the manager's, zero.
    for (const r of reports.reports) expect(r.bankPaymentSum).toBe(0);
    const daily = await through(
      `${SERVICES}/ns/reports/seller-wb-balance/api/v1/reports?type=6&dateFrom=2026-11-10&dateTo=2026-11-20`,
    );
    const dailyIds = readableTexts(daily.body)[0]!.match(/"id":(\d+)/g)!;
    expect(dailyIds.some((s) => s.length > 20)).toBe(true); // ids beyond 2^53 kept digit for digit
    const id = reports.reports[0]!.id;
    const details = await through(
      `${SERVICES}/ns/reports/seller-wb-balance/api/v1/reports/${id}/details?limit=10000`,
    );
    expectNoLeak(details);
    const d = details.json<{
      data: {
        details: Array<{ nm_id: number; rr_dt: string }>;
        count: number;
        totals: { rowsCount: number };
      };
    }>().data;
    for (const line of d.details) {
      expect(line.nm_id).toBeGreaterThan(0);
      expect(visible.visibleAt(line.nm_id, line.rr_dt)).toBe(true);
    }
    expect(d.totals.rowsCount).toBe(d.count);
    const balance = await through(`${SERVICES}/ns/reports/seller-wb-balance/api/v1/balance`);
    expect(balance.json<{ data: { current: number } }>().data.current).toBe(0);
  });

  it('exports: raw xlsx, zipped, base64 in JSON and CSV are filtered by their article column', async () => {
    const reports = (
      await portal.ns<{ reports: Array<{ id: number }> }>(
        `${SERVICES}/ns/reports/seller-wb-balance/api/v1/reports-weekly?dateFrom=2026-10-01&dateTo=2026-11-20`,
      )
    ).reports;
    const id = reports[0]!.id;
    const urls = [
      `${SERVICES}/ns/reports/seller-wb-balance/api/v1/reports-weekly/${id}/details/excel`,
      `${SERVICES}/ns/reports/seller-wb-balance/api/v1/reports/${id}/details/archived-excel?format=binary`,
      `${SERVICES}/ns/reports/seller-wb-balance/api/v1/reports/${id}/details/archived-excel`,
      `${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report/excel?dateFrom=2026-11-10&dateTo=2026-11-20`,
      `${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report/excel?dateFrom=2026-11-10&dateTo=2026-11-20&format=binary`,
      'https://seller-content.wildberries.ru/ns/analytics-api/content-analytics/api/v2/stocks-report/excel',
      `${WEEKLY}/ns/orders/analytics-back/api/v1/orders/export?dateFrom=2026-11-01&dateTo=2026-11-20`,
      `${WEEKLY}/ns/orders/analytics-back/api/v1/orders/export?dateFrom=2026-11-01&dateTo=2026-11-20&format=xlsx`,
    ];
    for (const url of urls) {
      const t = await through(url);
      expect(t.status, url).toBe(200);
      expect(t.stats.removed, url).toBeGreaterThan(0);
      expect(t.stats.kept, url).toBeGreaterThan(0);
      expect(leakedNmIds(t.body, hiddenNms), url).toEqual([]);
    }
    const prices = await through(
      'https://discounts-prices.wildberries.ru/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods/excel',
      { body: {} },
    );
    expect(leakedNmIds(prices.body, hiddenNms)).toEqual([]);
  });

  it('fails closed: a truncated or mislabelled answer on a filtered route is refused', async () => {
    const ctx: RequestContext = {
      host: 'seller-weekly-report.wildberries.ru',
      method: 'GET',
      path: '/ns/orders/analytics-back/api/v1/orders',
      search: new URLSearchParams(),
    };
    const plan = engine.planResponse(ctx)!;
    const body = new TextEncoder().encode('{"data":{"orders":[{"nmId":1');
    await expect(
      engine.applyResponseFilter(plan, { status: 200, contentType: 'application/json', body }, visible),
    ).rejects.toMatchObject({ code: 'FILTER_UNPARSEABLE' });
    await expect(
      engine.applyResponseFilter(plan, { status: 200, contentType: 'text/html', body }, visible),
    ).rejects.toBeInstanceOf(FilterError);
    await expect(
      engine.applyResponseFilter(
        plan,
        {
          status: 200,
          contentType: 'application/json',
          body: new TextEncoder().encode('{"data":{"orders":{}}}'),
        },
        visible,
      ),
    ).rejects.toMatchObject({ code: 'FILTER_UNEXPECTED_SHAPE' });
    const xlsxPlan = engine.planResponse({
      ...ctx,
      host: 'seller-content.wildberries.ru',
      path: '/ns/analytics-api/content-analytics/api/v2/stocks-report/excel',
    })!;
    await expect(
      engine.applyResponseFilter(
        xlsxPlan,
        {
          status: 200,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: Buffer.from('PK\u0003\u0004broken'),
        },
        visible,
      ),
    ).rejects.toMatchObject({ code: 'FILTER_BAD_ARCHIVE' });
  });

  it('denies sensitive endpoints and records the denial in the audit log', async () => {
    await expect(
      through(
        'https://seller-content.wildberries.ru/ns/suppliers-auth-tokens/suppliers-portal-core/api/v1/tokens',
      ),
    ).rejects.toMatchObject({
      decision: { status: 403, code: 'SENSITIVE_ENDPOINT' },
    });
    await engine.audit({
      kind: 'deny',
      userId: null as unknown as string,
      accountId: 1,
      host: 'seller-content.wildberries.ru',
      method: 'GET',
      path: '/ns/suppliers-auth-tokens/x/1',
      code: 'SENSITIVE_ENDPOINT',
    });
    const rows = await tdb
      .connect()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'proxy.deny')
      .execute();
    expect(rows[0]).toMatchObject({
      outcome: 'denied',
      target_id: 'GET seller-content.wildberries.ru/ns/suppliers-auth-tokens/x/{id}',
    });
  });

  it('reports an unmapped route handled by the generic deep filter', async () => {
    const ctx: RequestContext = {
      host: 'seller.wildberries.ru',
      method: 'GET',
      path: '/ns/new-section/api/v1/items/123',
      search: new URLSearchParams(),
    };
    const plan = engine.planResponse(ctx)!;
    expect(plan.route).toBeUndefined();
    const hidden = hiddenNms[0]!;
    const mine = [...visible.nmIds][0]!;
    const body = new TextEncoder().encode(
      JSON.stringify({
        data: {
          items: [
            { nmID: hidden, name: 'x' },
            { nmID: mine, name: 'y' },
          ],
          byNm: { [hidden]: 1, [mine]: 2 },
        },
      }),
    );
    const out = await engine.applyResponseFilter(
      plan,
      { status: 200, contentType: 'application/json', body },
      visible,
    );
    expect(leakedNmIds(out.body, [hidden])).toEqual([]);
    expect(leakedNmIds(out.body, [mine])).toEqual([mine]);
    await new Promise((r) => setTimeout(r, 100));
    const seen = await tdb.connect().selectFrom('proxy_route_observations').selectAll().execute();
    expect(seen[0]).toMatchObject({
      host: 'seller.wildberries.ru',
      path_pattern: '/ns/new-section/api/v1/items/{id}',
    });
  });
});
