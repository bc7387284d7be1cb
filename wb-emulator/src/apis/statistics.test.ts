import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.ts';

const NOW = '2026-11-20T12:00:00Z';
const STATS = 'https://statistics-api.wildberries.ru';

interface OrderRow {
  date: string;
  lastChangeDate: string;
  srid: string;
  isCancel: boolean;
}
interface SaleRow {
  date: string;
  lastChangeDate: string;
  srid: string;
  saleID: string;
}

let emu: RunningEmulator;
let token: string;
beforeAll(async () => {
  // ≈ 100,000 orders in 30 days: more than one 80,000-row page.
  emu = await startEmulator({
    seed: 5,
    accounts: 1,
    days: 30,
    cards: 40,
    volume: 75,
    now: NOW,
    timeScale: 1e6,
  });
  token = emu.emulator.key(1).token;
});
afterAll(() => emu.close());

const get = (path: string) => emu.wb.request(`${STATS}${path}`, { token });

describe('statistics-api orders and sales', () => {
  it('pages orders by lastChangeDate: ≤ 80,000 rows, ascending, ≥ dateFrom, until the truth is complete', async () => {
    const truth = await emu.control.truth(1);
    expect(truth.orders.rows).toBeGreaterThan(80_000);
    const seen = new Set<string>();
    let dateFrom = '2026-01-01';
    const pageSizes: number[] = [];
    for (;;) {
      const res = await get(`/api/v1/supplier/orders?dateFrom=${dateFrom}`);
      expect(res.status).toBe(200);
      const rows = res.json<OrderRow[]>();
      pageSizes.push(rows.length);
      let previous = dateFrom;
      for (const row of rows) {
        expect(row.lastChangeDate >= previous).toBe(true);
        previous = row.lastChangeDate;
        seen.add(row.srid);
      }
      if (rows.length < 80_000) break;
      dateFrom = (rows.at(-1) as OrderRow).lastChangeDate;
    }
    expect(pageSizes[0]).toBe(80_000);
    expect(pageSizes.length).toBe(2);
    expect(seen.size).toBe(truth.orders.rows);
  });

  it('answers [] when nothing changed at or after dateFrom, and repeats the boundary rows at the last lastChangeDate', async () => {
    const later = await get('/api/v1/supplier/orders?dateFrom=2026-11-20T15:00:01');
    expect(later.text()).toBe('[]');
    const all = await get('/api/v1/supplier/sales?dateFrom=2026-11-19');
    const rows = all.json<SaleRow[]>();
    const last = (rows.at(-1) as SaleRow).lastChangeDate;
    const again = (await get(`/api/v1/supplier/sales?dateFrom=${last}`)).json<SaleRow[]>();
    expect(again.length).toBeGreaterThanOrEqual(1);
    expect(again.every((r) => r.lastChangeDate === last)).toBe(true);
  });

  it('with flag=1 returns exactly the rows whose date is that Moscow day, whatever the time given', async () => {
    const byDay = (await get('/api/v1/supplier/orders?dateFrom=2026-11-10T23:59:59&flag=1')).json<
      OrderRow[]
    >();
    expect(byDay.length).toBeGreaterThan(1000);
    expect(byDay.every((r) => r.date.startsWith('2026-11-10'))).toBe(true);
    const all = new Set<string>();
    let dateFrom = '2026-11-09';
    for (;;) {
      const rows = (await get(`/api/v1/supplier/orders?dateFrom=${dateFrom}`)).json<OrderRow[]>();
      rows.filter((r) => r.date.startsWith('2026-11-10')).forEach((r) => all.add(r.srid));
      if (rows.length < 80_000) break;
      dateFrom = (rows.at(-1) as OrderRow).lastChangeDate;
    }
    expect(new Set(byDay.map((r) => r.srid))).toEqual(all);
    const sales = (await get('/api/v1/supplier/sales?dateFrom=2026-11-10&flag=1')).json<SaleRow[]>();
    expect(sales.length).toBeGreaterThan(100);
    expect(sales.every((r) => r.date.startsWith('2026-11-10'))).toBe(true);
  });

  it('serves every sale and return once when fully paged, matching the truth', async () => {
    const truth = await emu.control.truth(1);
    const ids = new Set<string>();
    let dateFrom = '2020-01-01';
    for (;;) {
      const rows = (await get(`/api/v1/supplier/sales?dateFrom=${dateFrom}`)).json<SaleRow[]>();
      rows.forEach((r) => ids.add(r.saleID));
      if (rows.length < 80_000) break;
      dateFrom = (rows.at(-1) as SaleRow).lastChangeDate;
    }
    expect(ids.size).toBe(truth.sales.rows);
    expect([...ids].filter((id) => id.startsWith('R')).length).toBe(truth.sales.returns);
  });

  it('answers 400 with WB bodies for a missing or malformed dateFrom', async () => {
    const missing = await get('/api/v1/supplier/orders');
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({ errors: ['dateFrom: field required'] });
    const bad = await get('/api/v1/supplier/sales?dateFrom=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({ errors: 'dateFrom: Value not validated' });
  });
});

describe('statistics retention and legacy methods', () => {
  let old: RunningEmulator;
  beforeAll(async () => {
    old = await startEmulator({
      seed: 9,
      accounts: 1,
      days: 120,
      cards: 10,
      volume: 1,
      now: NOW,
      timeScale: 1e6,
    });
  });
  afterAll(() => old.close());

  it('keeps orders for 90 days only', async () => {
    const key = old.emulator.key(1).token;
    const rows = (
      await old.wb.request(`${STATS}/api/v1/supplier/orders?dateFrom=2026-01-01`, { token: key })
    ).json<OrderRow[]>();
    const oldest = rows.map((r) => r.date).sort()[0] as string;
    expect(Date.parse(`${oldest}+03:00`)).toBeGreaterThanOrEqual(Date.parse(NOW) - 90 * 86_400_000);
    expect(rows.length).toBeGreaterThan(0);
    const truth = await old.control.truth(1);
    expect(rows.length).toBe(truth.orders.rows);
  });

  it('switches the legacy methods off (answering as WB does) and on', async () => {
    const key = old.emulator.key(1).token;
    const call = (path: string) => old.wb.request(`${STATS}${path}`, { token: key });
    // By the emulator's date (2026-11) all three are past their switch-off dates.
    const incomes = await call('/api/v1/supplier/incomes?dateFrom=2026-01-01');
    expect(incomes.status).toBe(404);
    expect(incomes.json()).toMatchObject({ title: 'path not found', status: 404 });
    const stocks = await call('/api/v1/supplier/stocks?dateFrom=2026-01-01');
    expect(stocks.status).toBe(404);
    expect(stocks.json<{ detail: string }>().detail).toMatch(/^disabled, PLUG-404-/);
    expect(
      (await call('/api/v5/supplier/reportDetailByPeriod?dateFrom=2026-10-01&dateTo=2026-11-20')).status,
    ).toBe(404);

    await old.control.setLegacy({ incomes: 'on', stocks: true, reportDetailByPeriod: 'on' });
    const truth = await old.control.truth(1);
    const stockRows = (await call('/api/v1/supplier/stocks?dateFrom=2019-06-20')).json<unknown[]>();
    expect(stockRows.length).toBe(truth.stocks.rows);
    const incomeRows = (await call('/api/v1/supplier/incomes?dateFrom=2019-06-20')).json<unknown[]>();
    expect(incomeRows.length).toBe(truth.incomes.rows);

    // v5: snake_case rows, paging by rrdid until 204.
    let rrdid = 0;
    let total = 0;
    for (;;) {
      const res = await call(
        `/api/v5/supplier/reportDetailByPeriod?dateFrom=2026-07-01&dateTo=2026-11-20&limit=700&rrdid=${rrdid}`,
      );
      if (res.status === 204) break;
      expect(res.status).toBe(200);
      const rows = res.json<Array<{ rrd_id: number; ppvz_for_pay: number; nm_id: number }>>();
      expect(rows.length).toBeLessThanOrEqual(700);
      expect(typeof rows[0]?.ppvz_for_pay).toBe('number');
      total += rows.length;
      rrdid = (rows.at(-1) as { rrd_id: number }).rrd_id;
    }
    expect(total).toBe(truth.finance.weekly.rows);
    const missingTo = await call('/api/v5/supplier/reportDetailByPeriod?dateFrom=2026-07-01');
    expect(missingTo.status).toBe(400);
    expect(missingTo.json()).toMatchObject({
      status: 400,
      detail: expect.stringContaining('missing dateTo') as unknown,
    });

    await old.control.setLegacy({ incomes: 'auto', stocks: 'off', reportDetailByPeriod: false });
    expect((await call('/api/v1/supplier/stocks?dateFrom=2019-06-20')).status).toBe(404);
  });
});
