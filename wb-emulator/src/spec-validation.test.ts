import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.ts';
import { SpecValidator, type ResponseRef } from './spec-validator.ts';

/**
 * Every JSON answer the emulator gives, checked against WB's official OpenAPI schemas (2026-07; 2025-12 for
 * the legacy methods): success bodies and the error bodies (401, 403, 429, 400).
 */

const NOW = '2026-11-20T12:00:00Z';
const specs = new SpecValidator();

let emu: RunningEmulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({
    seed: 13,
    accounts: 1,
    days: 40,
    cards: 30,
    volume: 2,
    now: NOW,
    timeScale: 1e6,
    legacy: { stocks: 'on', incomes: 'on', reportDetailByPeriod: 'on' },
  });
  token = emu.emulator.key(1).token;
});
afterAll(() => emu.close());
beforeEach(() => emu.control.resetRateLimits());

interface Case {
  name: string;
  url: string;
  ref: Omit<ResponseRef, 'status'>;
  body?: unknown;
  token?: string;
  status: number;
  /** The answer must not be empty (so the schema sees real rows). */
  nonEmpty?: (body: unknown) => unknown[];
}

const S = 'https://statistics-api.wildberries.ru';
const F = 'https://finance-api.wildberries.ru';
const reports = { file: '12-reports.yaml', method: 'get' as const };
const finances = { file: '13-finances.yaml', method: 'post' as const };
const arr = (b: unknown) => b as unknown[];

const CASES: Case[] = [
  {
    name: 'orders',
    url: `${S}/api/v1/supplier/orders?dateFrom=2026-10-01`,
    ref: { ...reports, path: '/api/v1/supplier/orders' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'orders flag=1',
    url: `${S}/api/v1/supplier/orders?dateFrom=2026-11-10&flag=1`,
    ref: { ...reports, path: '/api/v1/supplier/orders' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'sales',
    url: `${S}/api/v1/supplier/sales?dateFrom=2026-10-01`,
    ref: { ...reports, path: '/api/v1/supplier/sales' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'orders 400',
    url: `${S}/api/v1/supplier/orders`,
    ref: { ...reports, path: '/api/v1/supplier/orders' },
    status: 400,
  },
  {
    name: 'orders 401',
    url: `${S}/api/v1/supplier/orders?dateFrom=2026-10-01`,
    token: 'x.y.z',
    ref: { ...reports, path: '/api/v1/supplier/orders' },
    status: 401,
  },
  {
    name: 'legacy stocks',
    url: `${S}/api/v1/supplier/stocks?dateFrom=2019-06-20`,
    ref: { ...reports, path: '/api/v1/supplier/stocks', version: '2025-12' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'legacy incomes',
    url: `${S}/api/v1/supplier/incomes?dateFrom=2019-06-20`,
    ref: { ...reports, path: '/api/v1/supplier/incomes', version: '2025-12' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'v5 reportDetailByPeriod',
    url: `${S}/api/v5/supplier/reportDetailByPeriod?dateFrom=2026-10-01&dateTo=2026-11-20&limit=5000`,
    ref: {
      file: '13-finances.yaml',
      method: 'get',
      path: '/api/v5/supplier/reportDetailByPeriod',
      version: '2025-12',
    },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'v5 400',
    url: `${S}/api/v5/supplier/reportDetailByPeriod?dateFrom=2026-10-01`,
    ref: {
      file: '13-finances.yaml',
      method: 'get',
      path: '/api/v5/supplier/reportDetailByPeriod',
      version: '2025-12',
    },
    status: 400,
  },
  {
    name: 'detailed weekly',
    url: `${F}/api/finance/v1/sales-reports/detailed`,
    body: { dateFrom: '2026-10-01', dateTo: '2026-11-20', limit: 5000 },
    ref: { ...finances, path: '/api/finance/v1/sales-reports/detailed' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'detailed daily',
    url: `${F}/api/finance/v1/sales-reports/detailed`,
    body: { dateFrom: '2026-11-01', dateTo: '2026-11-20', limit: 5000, period: 'daily' },
    ref: { ...finances, path: '/api/finance/v1/sales-reports/detailed' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'detailed 400',
    url: `${F}/api/finance/v1/sales-reports/detailed`,
    body: { dateFrom: '2026-11-01' },
    ref: { ...finances, path: '/api/finance/v1/sales-reports/detailed' },
    status: 400,
  },
  {
    name: 'reports list',
    url: `${F}/api/finance/v1/sales-reports/list`,
    body: { dateFrom: '2026-10-01', dateTo: '2026-11-20', period: 'daily' },
    ref: { ...finances, path: '/api/finance/v1/sales-reports/list' },
    status: 200,
    nonEmpty: arr,
  },
  {
    name: 'reports list 403 (basic key)',
    url: `${F}/api/finance/v1/sales-reports/list`,
    body: { dateFrom: '2026-10-01', dateTo: '2026-11-20' },
    token: 'basic',
    ref: { ...finances, path: '/api/finance/v1/sales-reports/list' },
    status: 403,
  },
  {
    name: 'balance',
    url: `${F}/api/v1/account/balance`,
    ref: { file: '13-finances.yaml', method: 'get', path: '/api/v1/account/balance' },
    status: 200,
  },
  {
    name: 'stocks report',
    url: 'https://seller-analytics-api.wildberries.ru/api/analytics/v1/stocks-report/wb-warehouses',
    body: {},
    ref: { file: '11-analytics.yaml', method: 'post', path: '/api/analytics/v1/stocks-report/wb-warehouses' },
    status: 200,
    nonEmpty: (b) => (b as { data: { items: unknown[] } }).data.items,
  },
  {
    name: 'stocks report 400',
    url: 'https://seller-analytics-api.wildberries.ru/api/analytics/v1/stocks-report/wb-warehouses',
    body: { limit: 300_000 },
    ref: { file: '11-analytics.yaml', method: 'post', path: '/api/analytics/v1/stocks-report/wb-warehouses' },
    status: 400,
  },
  {
    name: 'cards list',
    url: 'https://content-api.wildberries.ru/content/v2/get/cards/list',
    body: { settings: { cursor: { limit: 100 }, filter: { withPhoto: -1 } } },
    ref: { file: '02-items.yaml', method: 'post', path: '/content/v2/get/cards/list' },
    status: 200,
    nonEmpty: (b) => (b as { cards: unknown[] }).cards,
  },
  {
    name: 'cards list 400',
    url: 'https://content-api.wildberries.ru/content/v2/get/cards/list',
    body: { settings: { cursor: { limit: 1000 } } },
    ref: { file: '02-items.yaml', method: 'post', path: '/content/v2/get/cards/list' },
    status: 400,
  },
  ...(['true', 'false'] as const).flatMap((answered) => [
    {
      name: `feedbacks answered=${answered}`,
      url: `https://feedbacks-api.wildberries.ru/api/v1/feedbacks?isAnswered=${answered}&take=5000&skip=0`,
      ref: { file: '09-communications.yaml', method: 'get' as const, path: '/api/v1/feedbacks' },
      status: 200,
      nonEmpty: (b: unknown) => (b as { data: { feedbacks: unknown[] } }).data.feedbacks,
    },
    {
      name: `questions answered=${answered}`,
      url: `https://feedbacks-api.wildberries.ru/api/v1/questions?isAnswered=${answered}&take=1000&skip=0`,
      ref: { file: '09-communications.yaml', method: 'get' as const, path: '/api/v1/questions' },
      status: 200,
      nonEmpty: (b: unknown) => (b as { data: { questions: unknown[] } }).data.questions,
    },
  ]),
  {
    name: 'feedbacks 400',
    url: 'https://feedbacks-api.wildberries.ru/api/v1/feedbacks?take=1&skip=0',
    ref: { file: '09-communications.yaml', method: 'get', path: '/api/v1/feedbacks' },
    status: 400,
  },
  {
    name: 'feedbacks count-unanswered',
    url: 'https://feedbacks-api.wildberries.ru/api/v1/feedbacks/count-unanswered',
    ref: { file: '09-communications.yaml', method: 'get', path: '/api/v1/feedbacks/count-unanswered' },
    status: 200,
  },
  {
    name: 'questions count-unanswered',
    url: 'https://feedbacks-api.wildberries.ru/api/v1/questions/count-unanswered',
    ref: { file: '09-communications.yaml', method: 'get', path: '/api/v1/questions/count-unanswered' },
    status: 200,
  },
  {
    name: 'adverts v2',
    url: 'https://advert-api.wildberries.ru/api/advert/v2/adverts',
    ref: { file: '08-promotion.yaml', method: 'get', path: '/api/advert/v2/adverts' },
    status: 200,
    nonEmpty: (b) => (b as { adverts: unknown[] }).adverts,
  },
  {
    name: 'adverts 400',
    url: 'https://advert-api.wildberries.ru/api/advert/v2/adverts?payment_type=cash',
    ref: { file: '08-promotion.yaml', method: 'get', path: '/api/advert/v2/adverts' },
    status: 400,
  },
  {
    name: 'promotion count',
    url: 'https://advert-api.wildberries.ru/adv/v1/promotion/count',
    ref: { file: '08-promotion.yaml', method: 'get', path: '/adv/v1/promotion/count' },
    status: 200,
  },
  {
    name: 'seller-info',
    url: 'https://common-api.wildberries.ru/api/v1/seller-info',
    ref: { file: '01-general.yaml', method: 'get', path: '/api/v1/seller-info' },
    status: 200,
  },
  {
    name: 'ping',
    url: 'https://common-api.wildberries.ru/ping',
    ref: { file: '01-general.yaml', method: 'get', path: '/ping' },
    status: 200,
  },
  {
    name: 'ping 401',
    url: 'https://finance-api.wildberries.ru/ping',
    token: 'noFinance',
    ref: { file: '01-general.yaml', method: 'get', path: '/ping' },
    status: 401,
  },
  {
    name: 'prices',
    url: 'https://discounts-prices-api.wildberries.ru/api/v2/list/goods/filter?limit=1000',
    ref: { file: '02-items.yaml', method: 'get', path: '/api/v2/list/goods/filter' },
    status: 200,
    nonEmpty: (b) => (b as { data: { listGoods: unknown[] } }).data.listGoods,
  },
  {
    name: 'prices 400',
    url: 'https://discounts-prices-api.wildberries.ru/api/v2/list/goods/filter?limit=5000',
    ref: { file: '02-items.yaml', method: 'get', path: '/api/v2/list/goods/filter' },
    status: 400,
  },
];

describe('answers validate against WB OpenAPI schemas', () => {
  it.each(CASES)('$name ($status)', async (c) => {
    const key =
      c.token === undefined
        ? token
        : c.token.includes('.')
          ? c.token
          : emu.emulator.key(1, c.token as 'basic').token;
    const res = await emu.wb.request(c.url, {
      token: key,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
    expect(res.status).toBe(c.status);
    const body = res.json();
    if (c.nonEmpty) expect(c.nonEmpty(body).length).toBeGreaterThan(0);
    const contentType = res.headers['content-type']?.split(';')[0];
    const result = specs.validate(
      { ...c.ref, status: c.status, ...(contentType ? { contentType } : {}) },
      body,
    );
    expect(result.errors).toEqual([]);
  });

  it('validates the 429 body against the spec', async () => {
    const url = `${F}/api/v1/account/balance`;
    await emu.control.setTimeScale(1);
    await emu.wb.request(url, { token });
    const res = await emu.wb.request(url, { token });
    expect(res.status).toBe(429);
    expect(
      specs.validate(
        {
          file: '13-finances.yaml',
          path: '/api/v1/account/balance',
          method: 'get',
          status: 429,
          contentType: 'application/problem+json',
        },
        res.json(),
      ).errors,
    ).toEqual([]);
    await emu.control.setTimeScale(1e6);
  });

  it('would catch a wrong answer (the validator is not a rubber stamp)', () => {
    const ref = {
      file: '12-reports.yaml',
      path: '/api/v1/supplier/orders',
      method: 'get',
      status: 200,
    } as const;
    expect(specs.validate(ref, [{ nmId: '123' }]).valid).toBe(false);
    expect(specs.validate(ref, [{ warehouseType: 'Склад' }]).valid).toBe(false);
    const fin = {
      file: '13-finances.yaml',
      path: '/api/finance/v1/sales-reports/detailed',
      method: 'post',
      status: 200,
    } as const;
    expect(specs.validate(fin, [{ reportId: 1 }]).valid).toBe(false);
  });
});
