import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.ts';

/** Same seed and clock → the same bytes from every API; another seed → other data. */

const OPTIONS = {
  accounts: 2,
  days: 20,
  cards: 15,
  volume: 2,
  now: '2026-11-20T12:00:00Z',
  timeScale: 1e6,
} as const;

const CALLS: Array<{ url: string; body?: unknown }> = [
  { url: 'https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-10-01' },
  { url: 'https://statistics-api.wildberries.ru/api/v1/supplier/sales?dateFrom=2026-10-01' },
  {
    url: 'https://finance-api.wildberries.ru/api/finance/v1/sales-reports/detailed',
    body: { dateFrom: '2026-10-01', dateTo: '2026-11-20', period: 'daily' },
  },
  {
    url: 'https://finance-api.wildberries.ru/api/finance/v1/sales-reports/list',
    body: { dateFrom: '2026-10-01', dateTo: '2026-11-20' },
  },
  {
    url: 'https://seller-analytics-api.wildberries.ru/api/analytics/v1/stocks-report/wb-warehouses',
    body: {},
  },
  {
    url: 'https://content-api.wildberries.ru/content/v2/get/cards/list',
    body: { settings: { cursor: { limit: 100 } } },
  },
  { url: 'https://feedbacks-api.wildberries.ru/api/v1/feedbacks?isAnswered=true&take=100&skip=0' },
  { url: 'https://advert-api.wildberries.ru/api/advert/v2/adverts' },
  { url: 'https://common-api.wildberries.ru/api/v1/seller-info' },
  { url: 'https://discounts-prices-api.wildberries.ru/api/v2/list/goods/filter?limit=100' },
];

async function snapshot(emu: RunningEmulator): Promise<string[]> {
  const out: string[] = [];
  for (const account of [1, 2]) {
    const token = emu.emulator.key(account).token;
    for (const call of CALLS) {
      const res = await emu.wb.request(call.url, {
        token,
        ...(call.body === undefined ? {} : { body: call.body }),
      });
      expect(res.status, call.url).toBe(200);
      out.push(res.text());
    }
  }
  return out;
}

let a: RunningEmulator;
let b: RunningEmulator;
let c: RunningEmulator;
beforeAll(async () => {
  [a, b, c] = await Promise.all([
    startEmulator({ seed: 99, ...OPTIONS }),
    startEmulator({ seed: 99, ...OPTIONS }),
    startEmulator({ seed: 100, ...OPTIONS }),
  ]);
});
afterAll(() => Promise.all([a.close(), b.close(), c.close()]));

describe('determinism', () => {
  it('gives byte-identical answers for the same seed', async () => {
    const [x, y] = await Promise.all([snapshot(a), snapshot(b)]);
    expect(x.every((body) => body.length > 2)).toBe(true);
    for (let i = 0; i < x.length; i++) expect(y[i], `call ${i}`).toBe(x[i]);
    expect(await b.control.truth(1)).toEqual(await a.control.truth(1));
  });

  it('gives other data for another seed', async () => {
    const [x, z] = await Promise.all([snapshot(a), snapshot(c)]);
    const same = x.filter((body, i) => z[i] === body).length;
    expect(same).toBe(0);
  });
});
