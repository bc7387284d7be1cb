import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../start-emulator.ts';
import type { AccountCredentials } from '../../runtime/emulator.ts';
import type { Truth } from '../../data/truth.ts';
import { createPortalClient, type PortalClient } from '../testing/portal-client.ts';
import { kop, readXlsx, unzipOne, valuesOfKey } from './helpers.ts';

/**
 * The portal's API answers: shapes, every nmId spelling WB uses, counts and totals that agree with the data
 * (and with the seller APIs' truth), exports in every wrapping, JSON-RPC, the sensitive endpoints.
 */

const SHELL = 'https://seller.wildberries.ru';
const WEEKLY = 'https://seller-weekly-report.wildberries.ru';
const SERVICES = 'https://seller-services.wildberries.ru/ns/reports/seller-wb-balance/api/v1';
const CONTENT = 'https://seller-content.wildberries.ru';
const REVIEWS = 'https://seller-reviews.wildberries.ru/ns/fa-seller-api';
const PRICES =
  'https://discounts-prices.wildberries.ru/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods';
const SUPPLY = 'https://seller-supply.wildberries.ru/ns/sm-supply/supply-manager/api/v1/supply';
const CMP = 'https://cmp.wildberries.ru';
const COMMS = 'https://seller-communications.wildberries.ru';

let emu: RunningEmulator;
let account: AccountCredentials;
let nmIds: Set<number>;
let truth: Truth;
let portal: PortalClient;

beforeAll(async () => {
  emu = await startEmulator({ seed: 42, accounts: 2, days: 30, now: '2026-11-20T12:00:00Z' });
  account = emu.emulator.accounts()[0] as AccountCredentials;
  nmIds = new Set(account.nmIds);
  truth = emu.emulator.truth(1);
  portal = createPortalClient(emu.url);
  portal.useCredentials(account.portal);
});
afterAll(() => emu.close());

const ours = (values: unknown[]) => {
  expect(values.length).toBeGreaterThan(0);
  for (const v of values)
    expect(nmIds.has(v as number), `nmId ${String(v)} belongs to the account`).toBe(true);
};

describe('orders (seller-weekly-report, nmId)', () => {
  const url = `${WEEKLY}/ns/orders/analytics-back/api/v1/orders`;
  interface Orders {
    orders: Array<{ nmId: number; finishedPrice: number; status: string; srid: string }>;
    total: number;
    totals: { count: number; sum: number; cancelledCount: number; soldCount: number };
  }

  it('pages orders with totals over the whole selection', async () => {
    const all = await portal.ns<Orders>(`${url}?dateFrom=2026-11-14&dateTo=2026-11-20&limit=1000`);
    ours(all.orders.map((o) => o.nmId));
    expect(all.total).toBe(all.orders.length);
    expect(all.totals.count).toBe(all.total);
    expect(kop(all.totals.sum)).toBe(all.orders.reduce((n, o) => n + kop(o.finishedPrice), 0));
    expect(all.totals.cancelledCount).toBe(all.orders.filter((o) => o.status === 'cancelled').length);
    const page = await portal.ns<Orders>(`${url}?dateFrom=2026-11-14&dateTo=2026-11-20&limit=10&offset=10`);
    expect(page.orders.map((o) => o.srid)).toEqual(all.orders.slice(10, 20).map((o) => o.srid));
    expect(page.total).toBe(all.total);
    const one = await portal.ns<Orders>(
      `${url}?dateFrom=2026-11-14&dateTo=2026-11-20&nmId=${all.orders[0]?.nmId}&limit=1000`,
    );
    expect(new Set(one.orders.map((o) => o.nmId))).toEqual(new Set([all.orders[0]?.nmId]));
  });

  it('shows the same orders of a day as the statistics API (flag=1)', async () => {
    const day = await portal.ns<Orders>(`${url}?dateFrom=2026-11-19&dateTo=2026-11-19&limit=1000`);
    const api = await emu.wb.request(
      'https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-11-19&flag=1',
      {
        token: account.keys.personal!.token,
      },
    );
    const rows = api.json<Array<{ srid: string }>>();
    expect(new Set(day.orders.map((o) => o.srid))).toEqual(new Set(rows.map((r) => r.srid)));
  });

  it('exports CSV (BOM, ";", Артикул WB) and xlsx with a totals row', async () => {
    const csv = await portal.request(`${url}/export?dateFrom=2026-11-19&dateTo=2026-11-19`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    const text = csv.text();
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines[0]?.split(';')).toContain('Артикул WB');
    const day = await portal.ns<Orders>(`${url}?dateFrom=2026-11-19&dateTo=2026-11-19&limit=1`);
    expect(lines.length - 1).toBe(day.total);
    const xlsx = await portal.request(`${url}/export?dateFrom=2026-11-19&dateTo=2026-11-19&format=xlsx`);
    const [sheet] = await readXlsx(xlsx.body);
    expect(sheet?.header).toContain('Артикул WB');
    expect(sheet?.rows.at(-1)?.[0]).toBe('Итого');
    expect(sheet?.rows.length).toBe(day.total + 1);
  });

  it('names a bad parameter', async () => {
    const res = await portal.request(`${url}?dateFrom=2026-13-40`);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      data: null,
      error: true,
      errorText: 'dateFrom: not a calendar date',
      additionalErrors: null,
    });
  });
});

describe('analytics (nm, nm-keyed maps, base64 and zip exports)', () => {
  it('reports per article with totals; the export is base64 of an xlsx in data, or a ZIP', async () => {
    interface Goods {
      cards: Array<{ nm: number; ordersCount: number; ordersSum: number }>;
      count: number;
      total: { ordersCount: number; ordersSum: number };
    }
    const report = await portal.ns<Goods>(`${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report`, {
      body: { dateFrom: '2026-11-07', dateTo: '2026-11-20', limit: 1000 },
    });
    ours(report.cards.map((c) => c.nm));
    expect(report.count).toBe(account.cards);
    expect(report.total.ordersCount).toBe(report.cards.reduce((n, c) => n + c.ordersCount, 0));
    const b64 = await portal.ns<string>(
      `${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report/excel?dateFrom=2026-11-07&dateTo=2026-11-20`,
    );
    const [sheet] = await readXlsx(Buffer.from(b64, 'base64'));
    expect(sheet?.header[0]).toBe('Артикул WB');
    expect(sheet?.rows.slice(0, -1).map((r) => r[0])).toHaveLength(account.cards);
    const zip = await portal.request(
      `${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report/excel?dateFrom=2026-11-07&dateTo=2026-11-20&format=binary`,
    );
    expect(zip.headers['content-type']).toBe('application/zip');
    const inner = unzipOne(zip.body);
    expect(inner.name).toMatch(/\.xlsx$/);
    expect((await readXlsx(inner.bytes))[0]?.header).toContain('Артикул WB');
  });

  it('sells by region with articles as nmId-keyed maps', async () => {
    interface Regions {
      regions: Array<{ ordersCount: number; nms: Record<string, { ordersCount: number }> }>;
      total: { ordersCount: number };
      nmsTotal: Record<string, { ordersCount: number }>;
    }
    const data = await portal.ns<Regions>(
      `${WEEKLY}/ns/region-sales/analytics-back/api/v1/region-sales?dateFrom=2026-11-14&dateTo=2026-11-20`,
    );
    for (const r of data.regions) {
      ours(Object.keys(r.nms).map(Number));
      expect(Object.values(r.nms).reduce((n, v) => n + v.ordersCount, 0)).toBe(r.ordersCount);
    }
    ours(Object.keys(data.nmsTotal).map(Number));
    expect(data.total.ordersCount).toBe(data.regions.reduce((n, r) => n + r.ordersCount, 0));
  });
});

describe('stocks and API tokens (seller-content)', () => {
  it('lists stocks per article (nmID) with totals equal to the seller-analytics truth, and a raw xlsx', async () => {
    interface Stocks {
      items: Array<{ nmID: number; quantity: number; warehouses: Array<{ quantity: number }> }>;
      total: number;
      totals: { quantity: number; cards: number };
    }
    const data = await portal.ns<Stocks>(
      `${CONTENT}/ns/analytics-api/content-analytics/api/v2/stocks-report/report`,
      { body: { limit: 1000 } },
    );
    ours(data.items.map((s) => s.nmID));
    expect(data.total).toBe(account.cards);
    expect(data.totals.quantity).toBe(truth.stocks.quantity);
    for (const s of data.items) expect(s.warehouses.reduce((n, w) => n + w.quantity, 0)).toBe(s.quantity);
    const xlsx = await portal.request(
      `${CONTENT}/ns/analytics-api/content-analytics/api/v2/stocks-report/excel`,
    );
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const [sheet] = await readXlsx(xlsx.body);
    const col = sheet!.header.indexOf('Артикул WB');
    expect(col).toBeGreaterThanOrEqual(0);
    ours(sheet!.rows.slice(0, -1).map((r) => r[col]));
    expect(sheet!.rows.at(-1)?.[sheet!.header.indexOf('Остаток на складах, шт')]).toBe(truth.stocks.quantity);
  });

  it('creates an API key (shown once, it works), lists it, and revokes it', async () => {
    const url = `${CONTENT}/ns/suppliers-auth-tokens/suppliers-portal-core/api/v1/tokens`;
    const created = await portal.ns<{ id: string; token: string; scopes: string[] }>(url, {
      body: { name: 'Тест', scopes: ['statistics'], readOnly: true },
    });
    expect(created.token).toMatch(/^ey/);
    const call = () =>
      emu.wb.request('https://statistics-api.wildberries.ru/api/v1/supplier/sales?dateFrom=2026-11-19', {
        token: created.token,
      });
    expect((await call()).status).toBe(200);
    const list = await portal.ns<{ tokens: Array<{ id: string; status: string; token?: string }> }>(url);
    expect(list.tokens.find((t) => t.id === created.id)?.status).toBe('active');
    expect(list.tokens.every((t) => t.token === undefined)).toBe(true);
    await portal.ns(`${url}/${created.id}`, { method: 'DELETE' });
    expect((await call()).status).toBe(401);
    expect((await portal.request(url, { body: { name: 'x', scopes: ['nope'] } })).status).toBe(400);
  });
});

describe('reviews and questions (seller-reviews)', () => {
  it('pages reviews by cursor with productInfo.wbArticle and the truth counts', async () => {
    interface Page {
      feedbacks: Array<{
        id: string;
        productInfo: { wbArticle: number };
        photos: Array<{ fullSize: string }>;
      }>;
      total: number;
      countUnanswered: number;
      countArchive: number;
      pages: { next: string | null; last: boolean };
    }
    const url = `${REVIEWS}/reviews-ext-seller-portal/api/v2/feedbacks`;
    const first = await portal.ns<Page>(`${url}?isAnswered=false&limit=10`);
    ours(valuesOfKey(first, 'wbArticle'));
    expect(first.countUnanswered).toBe(truth.feedbacks.unanswered);
    expect(first.countUnanswered + first.countArchive).toBe(truth.feedbacks.rows);
    expect(first.total).toBe(first.countUnanswered);
    const ids = new Set<string>();
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Page = await portal.ns<Page>(`${url}?isAnswered=false&limit=10&cursor=${cursor}`);
      for (const f of page.feedbacks) ids.add(f.id);
      cursor = page.pages.next;
    }
    expect(ids.size).toBe(first.total);
    const photo = (await portal.ns<Page>(`${url}?isAnswered=true&limit=100`)).feedbacks.flatMap(
      (f) => f.photos,
    )[0];
    if (photo) expect((await portal.request(photo.fullSize)).headers['content-type']).toBe('image/webp');
  });

  it('lists questions with productDetails.nmId', async () => {
    const data = await portal.ns<{
      questions: unknown[];
      total: number;
      countUnanswered: number;
      countArchive: number;
    }>(`${REVIEWS}/questions-ext-seller-portal/api/v1/questions?isAnswered=true&limit=100`);
    ours(valuesOfKey(data, 'productDetails').map((p) => (p as { nmId: number }).nmId));
    expect(data.countUnanswered).toBe(truth.questions.unanswered);
    expect(data.total).toBe(data.countArchive);
  });
});

describe('prices (discounts-prices)', () => {
  it('lists goods (nmID, countGoods) and exports base64 at data.listGoodsExcel', async () => {
    const data = await portal.ns<{ listGoods: Array<{ nmID: number }>; countGoods: number }>(
      `${PRICES}/filter`,
      { body: { limit: 1000 } },
    );
    ours(data.listGoods.map((g) => g.nmID));
    expect(data.countGoods).toBe(truth.prices.rows);
    const excel = await portal.ns<{ listGoodsExcel: string }>(`${PRICES}/excel`, { body: {} });
    const [sheet] = await readXlsx(Buffer.from(excel.listGoodsExcel, 'base64'));
    const col = sheet!.header.indexOf('Артикул WB');
    ours(sheet!.rows.map((r) => r[col]));
    expect(sheet!.rows).toHaveLength(truth.prices.rows);
  });
});

describe('supplies (seller-supply, JSON-RPC 2.0)', () => {
  it('lists supplies (nmIDs arrays, totalCount) and answers a batch of supplyDetails (nmID)', async () => {
    const list = await portal.rpc<{
      data: Array<{ supplyID: number; nmIDs: number[]; detailsQuantity: number; incomeQuantity: number }>;
      totalCount: number;
    }>(`${SUPPLY}/listSupplies`, undefined, { pageNumber: 1, pageSize: 1000 });
    expect(list.totalCount).toBe(list.data.length);
    ours(list.data.flatMap((s) => s.nmIDs));
    expect(list.data.reduce((n, s) => n + s.incomeQuantity, 0)).toBe(truth.incomes.quantity);
    const batch = await portal.rpcBatch(SUPPLY, [
      ...list.data
        .slice(0, 3)
        .map((s) => ({ method: 'supplyDetails', params: { supplyID: s.supplyID, pageSize: 1000 } })),
      { method: 'supplyDetails', params: { supplyID: 1 } },
      { method: 'noSuchMethod' },
    ]);
    expect(batch.map((b) => b.id)).toEqual([
      'json-rpc_1',
      'json-rpc_2',
      'json-rpc_3',
      'json-rpc_4',
      'json-rpc_5',
    ]);
    for (const [i, b] of batch.slice(0, 3).entries()) {
      const result = b.result as { data: Array<{ nmID: number }>; totalCount: number };
      ours(result.data.map((l) => l.nmID));
      expect(result.totalCount).toBe(list.data[i]?.detailsQuantity);
    }
    expect(batch[3]?.error).toMatchObject({ code: 404 });
    expect(batch[4]?.error).toMatchObject({ code: -32601 });
    const csv = await portal.request(`${SUPPLY}/export?supplyID=${list.data[0]?.supplyID}`);
    expect(csv.text().split('\r\n')[0]).toContain('Артикул WB');
  });

  it('answers JSON-RPC protocol errors as JSON-RPC', async () => {
    const parse = await portal.request(`${SUPPLY}/listSupplies`, { body: '{nope' });
    expect(parse.json()).toMatchObject({ error: { code: -32700 } });
    const invalid = await portal.request(`${SUPPLY}/listSupplies`, { body: { params: {} } });
    expect(invalid.json()).toMatchObject({ error: { code: -32600 } });
    const params = await portal.request(`${SUPPLY}/listSupplies`, {
      body: { jsonrpc: '2.0', id: 7, params: { pageSize: 'x' } },
    });
    expect(params.json()).toMatchObject({ id: 7, error: { code: -32602 } });
  });
});

describe('finance (seller-services: weekly reports, details, exports, balance)', () => {
  interface Report {
    id: number;
    bankPaymentSum: number;
    forPay: number;
    rowsCount: number;
  }
  let reports: { reports: Report[]; count: number; totals: { bankPaymentSum: number; forPay: number } };

  beforeAll(async () => {
    reports = await portal.ns(`${SERVICES}/reports-weekly?dateFrom=2026-10-01&dateTo=2026-11-20&limit=100`);
  });

  it('lists the weekly reports with totals equal to the finance API truth', () => {
    expect(reports.count).toBe(truth.finance.weekly.reports);
    expect(kop(reports.totals.bankPaymentSum)).toBe(kop(truth.finance.weekly.totals.bankPayment));
    expect(kop(reports.totals.forPay)).toBe(kop(truth.finance.weekly.totals.forPay));
    expect(reports.reports.reduce((n, r) => n + r.rowsCount, 0)).toBe(truth.finance.weekly.rows);
  });

  it('pages a report\u2019s lines (nm_id) with totals that equal the report', async () => {
    const report = reports.reports[0]!;
    const all = await portal.ns<{
      details: Array<{ nm_id: number; rrd_id: number }>;
      count: number;
      totals: { bankPaymentSum: number };
    }>(`${SERVICES}/reports/${report.id}/details?limit=10000`);
    expect(all.count).toBe(report.rowsCount);
    expect(all.details).toHaveLength(report.rowsCount);
    ours(all.details.map((d) => d.nm_id).filter((n) => n !== 0));
    expect(all.details.some((d) => d.nm_id === 0)).toBe(true); // cabinet-wide lines carry no article
    expect(kop(all.totals.bankPaymentSum)).toBe(kop(report.bankPaymentSum));
    const nm = all.details.find((d) => d.nm_id)!.nm_id;
    const filtered = await portal.ns<{ details: Array<{ nm_id: number }>; count: number }>(
      `${SERVICES}/reports/${report.id}/details?searchValue=${nm}&limit=10000`,
    );
    expect(filtered.details.every((d) => d.nm_id === nm)).toBe(true);
    expect(filtered.count).toBe(all.details.filter((d) => d.nm_id === nm).length);
  });

  it('exports the realization report: raw xlsx (≈85 columns, Код номенклатуры, totals), a ZIP, and base64 of the ZIP at data.file', async () => {
    const report = reports.reports[0]!;
    const raw = await portal.request(`${SERVICES}/reports-weekly/${report.id}/details/excel`);
    expect(raw.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const [sheet, summary] = await readXlsx(raw.body);
    expect(sheet?.name).toBe('Детализация');
    expect(sheet!.header.length).toBeGreaterThanOrEqual(80);
    const nmCol = sheet!.header.indexOf('Код номенклатуры');
    const payCol = sheet!.header.indexOf('К перечислению Продавцу за реализованный Товар');
    expect(nmCol).toBe(3);
    expect(sheet!.rows).toHaveLength(report.rowsCount + 1);
    ours(
      sheet!.rows
        .slice(0, -1)
        .map((r) => r[nmCol])
        .filter((n) => n !== 0),
    );
    const totals = sheet!.rows.at(-1)!;
    expect(totals[0]).toBe('Итого');
    expect(kop(totals[payCol])).toBe(sheet!.rows.slice(0, -1).reduce((n, r) => n + kop(r[payCol] ?? 0), 0));
    expect(summary?.name).toBe('Сводка');

    const zip = await portal.request(`${SERVICES}/reports/${report.id}/details/archived-excel?format=binary`);
    expect(zip.headers['content-type']).toBe('application/zip');
    const inner = unzipOne(zip.body);
    expect(inner.name).toContain(String(report.id));
    expect((await readXlsx(inner.bytes))[0]?.header).toEqual(sheet!.header);

    const wrapped = await portal.ns<{ file: string; name: string }>(
      `${SERVICES}/reports/${report.id}/details/archived-excel`,
    );
    const fromBase64 = unzipOne(Buffer.from(wrapped.file, 'base64'));
    expect((await readXlsx(fromBase64.bytes))[0]?.rows).toHaveLength(report.rowsCount + 1);
  });

  it('shows the balance the finance API gives, daily reports with ids beyond 2^53, and payouts', async () => {
    const balance = await portal.ns<{ current: number; forWithdraw: number }>(`${SERVICES}/balance`);
    expect(kop(balance.current)).toBe(kop(truth.balance.current));
    expect(kop(balance.forWithdraw)).toBe(kop(truth.balance.forWithdraw));
    const daily = await portal.request(`${SERVICES}/reports?type=6&limit=1`);
    const id = /"id":(\d+)/.exec(daily.text())?.[1];
    expect(BigInt(id ?? '0') > 2n ** 53n).toBe(true);
    const details = await portal.ns<{ count: number }>(`${SERVICES}/reports/${id}/details?limit=1`);
    expect(details.count).toBeGreaterThan(0);
    const payouts = await portal.ns<{ payouts: unknown[]; count: number }>(`${SERVICES}/balance/payouts`);
    expect(payouts.count).toBe(truth.finance.weekly.reports);
  });

  it('takes the "report for a period" and bank-details forms and redirects back to the portal', async () => {
    const form = await portal.request(`${SERVICES}/reports-weekly/request-form`, {
      form: { dateFrom: '2026-10-01', dateTo: '2026-10-31' },
      sellerLk: false,
      authorizev3: false,
    });
    expect(form.status).toBe(303);
    expect(form.headers.location).toBe(
      'http://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly-new?requested=1&dateFrom=2026-10-01&dateTo=2026-10-31',
    );
    const url = 'https://seller-services.wildberries.ru/ns/requisites/seller-requisites/api/v1/bank-accounts';
    const bank = await portal.request(`${url}/form`, {
      form: { bankName: 'Банк', bik: '044525225', account: '40702810000000000001' },
      sellerLk: false,
    });
    expect(bank.status).toBe(303);
    expect(bank.headers.location).toBe('http://seller.wildberries.ru/supplier-settings/requisites?saved=1');
    const list = await portal.ns<{ accounts: Array<{ account: string; isMain: boolean }> }>(url);
    expect(list.accounts.find((a) => a.isMain)?.account).toBe('40702810000000000001');
    const anonymous = createPortalClient(emu.url);
    const refused = await anonymous.request(`${url}/form`, { form: { bik: '1' }, sellerLk: false });
    expect(refused.status).toBe(302);
  });
});

describe('advertising (cmp, root-relative API)', () => {
  it('lists campaigns (nms: ids, products[].nm), their bids (nmCPM[].nm) and fullstat totals equal to the sum of their parts', async () => {
    interface List {
      content: Array<{ id: number; nms: number[]; products: Array<{ nm: number }> }>;
      total: number;
      counts: Record<string, number>;
    }
    const list = await portal
      .request(`${CMP}/api/v1/adverts?status=all&pageSize=100`, { origin: null })
      .then((r) => r.json<List>());
    expect(list.total).toBe(truth.adverts.rows);
    expect(list.counts.all).toBe(truth.adverts.rows);
    ours(list.content.flatMap((c) => c.nms));
    expect(list.content.flatMap((c) => c.nms).length).toBe(truth.adverts.nmLinks);
    const running = list.content[0]!;
    const details = await portal
      .request(`${CMP}/api/v1/adverts/${running.id}`, { origin: null })
      .then((r) => r.json<{ params: unknown; nmCPM: Array<{ nm: number }> }>());
    ours(valuesOfKey(details.params, 'nm'));
    ours(details.nmCPM.map((b) => b.nm));
    const stats = await portal
      .request(`${CMP}/api/v3/fullstat`, {
        origin: null,
        body: { ids: list.content.map((c) => c.id), dateFrom: '2026-10-21', dateTo: '2026-11-20' },
      })
      .then((r) =>
        r.json<
          Array<{
            views: number;
            sum: number;
            days: Array<{
              views: number;
              apps: Array<{ nm: Array<{ nmId: number; views: number; sum: number }> }>;
            }>;
          }>
        >(),
      );
    const withDays = stats.filter((s) => s.days.length > 0);
    expect(withDays.length).toBeGreaterThan(0);
    for (const s of withDays) {
      const nms = s.days.flatMap((d) => d.apps.flatMap((a) => a.nm));
      ours(nms.map((n) => n.nmId));
      expect(s.views).toBe(nms.reduce((n, x) => n + x.views, 0));
      expect(kop(s.sum)).toBe(nms.reduce((n, x) => n + kop(x.sum), 0));
    }
  });
});

describe('shell, notifications, pages and files', () => {
  it('serves the SPA shell with a CSP naming WB hosts, a nonce\u2019d config and a JSON island with absolute URLs', async () => {
    const page = await portal.request(`${SHELL}/orders`);
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'] ?? '';
    for (const host of [
      'seller-services',
      'seller-weekly-report',
      'discounts-prices',
      'seller-content',
      'seller-reviews',
      'seller-supply',
      'cmp',
    ])
      expect(csp).toContain(`http://${host}.wildberries.ru`);
    expect(csp).toContain('ws://seller-communications.wildberries.ru');
    expect(csp).toContain('http://*.wbbasket.ru');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = page.text();
    expect(html).toContain(`<script nonce="${nonce}">window.__WB_CONFIG__`);
    const island = JSON.parse(
      /<script type="application\/json" id="wb-initial-state">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}',
    ) as { links: { cmp: string } };
    expect(island.links.cmp).toBe('http://cmp.wildberries.ru/campaigns/list/active');
    expect(html).toContain('href="//static-basket-01.wbbasket.ru/portal/img/favicon.svg"');
    const script = /src="(\/static\/js\/shell\.[A-Z0-9]+\.js)"/.exec(html)?.[1];
    const js = await portal.request(`${SHELL}${script}`);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.text()).toMatch(/\/\/# sourceMappingURL=shell\.[A-Z0-9]+\.js\.map/);
    expect((await portal.request(`${SHELL}${script}.map`)).status).toBe(200);
    expect((await portal.request(`${SHELL}/sw.js`)).headers['service-worker-allowed']).toBe('/');
    // Port and scheme follow the request.
    const ported = await portal.request(`${SHELL}/orders`, {
      headers: { host: 'seller.wildberries.ru:8443', 'x-forwarded-proto': 'https' },
    });
    expect(ported.headers['content-security-policy']).toContain(
      'https://seller-services.wildberries.ru:8443',
    );
  });

  it('redirects across subdomains', async () => {
    expect((await portal.request(`${SHELL}/campaigns`)).headers.location).toBe(
      'http://cmp.wildberries.ru/campaigns/list/active',
    );
    expect((await portal.request(`${CMP}/`, { origin: null })).headers.location).toBe(
      '/campaigns/list/active',
    );
    const cmp = await portal.request(`${CMP}/campaigns/list/active`, { origin: null });
    expect(cmp.text()).toContain('/static/js/cmp.');
    const anonymous = createPortalClient(emu.url);
    expect((await anonymous.request(`${CMP}/campaigns/list/active`)).headers.location).toContain(
      'seller-auth.wildberries.ru/ru/?redirect_url=',
    );
  });

  it('serves notifications (nmId on article events), banners, the widget page and static files', async () => {
    const data = await portal.ns<{ notifications: Array<{ nmId?: number }>; total: number; unread: number }>(
      `${COMMS}/ns/notifications/api/v1/notifications?limit=100`,
    );
    ours(data.notifications.map((n) => n.nmId).filter((n) => n !== undefined));
    const widget = await portal.request(`${COMMS}/widget/notifications`);
    expect(widget.headers['content-security-policy']).toContain(
      "frame-ancestors 'self' http://seller.wildberries.ru",
    );
    const css = await portal.request('https://static-basket-01.wbbasket.ru/portal/css/app.css');
    expect(css.text()).toContain('url(../img/pattern.svg)');
    expect(css.text()).toContain('url(http://static-basket-01.wbbasket.ru/portal/img/photo-placeholder.svg)');
    const summary = await portal.ns<{ topProducts: Array<{ nmId: number; photo: { small: string } }> }>(
      `${SHELL}/ns/dashboard/suppliers-portal-core/api/v1/summary`,
    );
    ours(summary.topProducts.map((p) => p.nmId));
    const photo = await portal.request(summary.topProducts[0]!.photo.small);
    expect(photo.headers['content-type']).toBe('image/webp');
  });

  it('manages users (sensitive): list, invite, close access, remove; the owner cannot be touched', async () => {
    const url = `${SHELL}/ns/users-management/suppliers-portal-core/api/v1/users`;
    const list = await portal.ns<{ users: Array<{ id: number; role: string }> }>(url);
    const owner = list.users.find((u) => u.role === 'owner')!;
    const invited = await portal.ns<{ user: { id: number } }>(`${url}/invite`, {
      body: { phone: '+79990001122', role: 'manager' },
    });
    await portal.ns(`${url}/${invited.user.id}`, { method: 'PATCH', body: { active: false } });
    expect((await portal.request(`${url}/${owner.id}`, { method: 'DELETE' })).status).toBe(403);
    await portal.ns(`${url}/${invited.user.id}`, { method: 'DELETE' });
    expect((await portal.ns<{ total: number }>(url)).total).toBe(list.users.length);
  });

  it('uses every nmId spelling WB uses across the portal', async () => {
    const seen = new Set<string>();
    const bodies = await Promise.all([
      portal.request(`${WEEKLY}/ns/orders/analytics-back/api/v1/orders?limit=5`),
      portal.request(`${CONTENT}/ns/analytics-api/content-analytics/api/v2/stocks-report/report`, {
        body: { limit: 5 },
      }),
      portal.request(`${WEEKLY}/ns/supplier-goods/analytics-back/api/v2/report`, { body: { limit: 5 } }),
      portal.request(`${REVIEWS}/reviews-ext-seller-portal/api/v2/feedbacks?isAnswered=true&limit=5`),
      portal.request(`${REVIEWS}/questions-ext-seller-portal/api/v1/questions?isAnswered=true&limit=5`),
      portal.request(
        `${SERVICES}/reports/${/"id":(\d+)/.exec((await portal.request(`${SERVICES}/reports-weekly?limit=1`)).text())?.[1]}/details?limit=5`,
      ),
      portal.request(`${SUPPLY}/listSupplies`, { body: { jsonrpc: '2.0', id: 1, params: {} } }),
    ]);
    for (const b of bodies)
      for (const k of ['nmId', 'nmID', 'nm_id', 'nm', 'wbArticle', 'nmIDs'])
        if (valuesOfKey(b.json(), k).length) seen.add(k);
    expect([...seen].sort()).toEqual(['nm', 'nmID', 'nmIDs', 'nmId', 'nm_id', 'wbArticle']);
  });
});
