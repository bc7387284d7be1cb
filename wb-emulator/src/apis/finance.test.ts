import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.ts';

const NOW = '2026-11-20T12:00:00Z';
const FIN = 'https://finance-api.wildberries.ru';

type Row = Record<string, unknown> & { rrdId: number };

let emu: RunningEmulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({
    seed: 11,
    accounts: 2,
    days: 35,
    cards: 25,
    volume: 3,
    now: NOW,
    timeScale: 1e6,
  });
  token = emu.emulator.key(1).token;
});
afterAll(() => emu.close());

const post = (path: string, body: unknown, key = token) =>
  emu.wb.request(`${FIN}${path}`, { token: key, body });

/** Money strings to kopecks, exactly. */
const kopecks = (s: unknown) => {
  expect(typeof s).toBe('string');
  const [whole, frac = ''] = (s as string).split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
};

async function pageAll(period: 'weekly' | 'daily', limit: number, extra: Record<string, unknown> = {}) {
  const rows: Row[] = [];
  let rrdId = 0;
  let pages = 0;
  for (;;) {
    const res = await post('/api/finance/v1/sales-reports/detailed', {
      dateFrom: '2026-01-01',
      dateTo: '2026-11-20',
      period,
      limit,
      rrdId,
      ...extra,
    });
    if (res.status === 204) {
      expect(res.raw.length).toBe(0);
      break;
    }
    expect(res.status).toBe(200);
    const page = res.json<Row[]>();
    expect(page.length).toBeGreaterThan(0);
    expect(page.length).toBeLessThanOrEqual(limit);
    rows.push(...page);
    rrdId = (page.at(-1) as Row).rrdId;
    pages++;
  }
  return { rows, pages };
}

describe('finance-api detailed reports', () => {
  it('pages by rrdId until 204, and the rows are exactly the truth (counts and every money column)', async () => {
    const truth = await emu.control.truth(1);
    for (const period of ['weekly', 'daily'] as const) {
      const { rows, pages } = await pageAll(period, 2_000);
      expect(pages).toBeGreaterThan(1);
      expect(rows.length).toBe(truth.finance[period].rows);
      const ids = rows.map((r) => r.rrdId);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      for (const [field, expected] of Object.entries(truth.finance[period].columns)) {
        const sum = rows.reduce((s, r) => s + kopecks(r[field]), 0);
        expect((sum / 100).toFixed(2), `${period} ${field}`).toBe(expected);
      }
      // (Daily ids exceed 2^53: JSON.parse cannot tell them apart, so count periods instead.)
      expect(new Set(rows.map((r) => `${String(r.dateFrom)}…${String(r.dateTo)}`)).size).toBe(
        truth.finance[period].reports,
      );
    }
  });

  it('writes daily report ids beyond 2^53 as JSON numbers (digits, not strings)', async () => {
    const res = await post('/api/finance/v1/sales-reports/detailed', {
      dateFrom: '2026-11-10',
      dateTo: '2026-11-10',
      period: 'daily',
      limit: 1,
    });
    const text = res.text();
    const m = /"reportId":(\d+)/.exec(text);
    expect(m).not.toBeNull();
    const id = BigInt((m as RegExpExecArray)[1] as string);
    expect(id > 2n ** 53n).toBe(true);
    expect(text).not.toMatch(/"reportId":"/);
  });

  it('returns only the requested fields, in spec order', async () => {
    const res = await post('/api/finance/v1/sales-reports/detailed', {
      dateFrom: '2026-11-01',
      dateTo: '2026-11-20',
      limit: 50,
      fields: ['srid', 'rrdId', 'nmId', 'forPay', 'bonusTypeName'],
    });
    const rows = res.json<Array<Record<string, unknown>>>();
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      const keys = Object.keys(row);
      expect(keys.filter((k) => k !== 'bonusTypeName')).toEqual(['rrdId', 'nmId', 'forPay', 'srid']);
    }
    expect(rows.some((r) => 'bonusTypeName' in r)).toBe(true);
    expect(rows.some((r) => !('bonusTypeName' in r))).toBe(true);
  });

  it('serves one report by id to personal and service keys only, and lists reports with totals equal to their rows', async () => {
    const list = await post('/api/finance/v1/sales-reports/list', {
      dateFrom: '2026-10-01',
      dateTo: '2026-11-20',
      period: 'weekly',
    });
    expect(list.status).toBe(200);
    const reports = list.json<Array<Record<string, unknown>>>();
    expect(reports.length).toBeGreaterThan(3);
    await emu.control.resetRateLimits();
    const reportText = /"reportId":(\d+)/.exec(list.text())?.[1] as string;
    const report = reports[0] as Record<string, unknown>;
    const detail = await post(`/api/finance/v1/sales-reports/detailed/${reportText}`, { limit: 100_000 });
    expect(detail.status).toBe(200);
    const rows = detail.json<Row[]>();
    expect(rows.every((r) => r.dateFrom === report.dateFrom && r.dateTo === report.dateTo)).toBe(true);
    const net = (field: string) =>
      rows.reduce((s, r) => s + (r.docTypeName === 'Возврат' ? -1 : 1) * kopecks(r[field]), 0);
    const sum = (field: string) => rows.reduce((s, r) => s + kopecks(r[field]), 0);
    expect(net('forPay')).toBe(kopecks(report.forPaySum));
    expect(net('retailAmount')).toBe(kopecks(report.retailAmountSum));
    expect(sum('deliveryService') + sum('rebillLogisticCost')).toBe(kopecks(report.deliveryServiceSum));
    for (const [row, listField] of [
      ['paidStorage', 'paidStorageSum'],
      ['paidAcceptance', 'paidAcceptanceSum'],
      ['deduction', 'deductionSum'],
      ['penalty', 'penaltySum'],
      ['additionalPayment', 'additionalPaymentSum'],
    ] as const) {
      expect(sum(row), row).toBe(kopecks(report[listField]));
    }
    expect(
      kopecks(report.forPaySum) -
        kopecks(report.deliveryServiceSum) -
        kopecks(report.paidStorageSum) -
        kopecks(report.paidAcceptanceSum) -
        kopecks(report.deductionSum) -
        kopecks(report.penaltySum) +
        kopecks(report.additionalPaymentSum),
    ).toBe(kopecks(report.bankPaymentSum));

    await emu.control.resetRateLimits();
    const basic = await post(
      `/api/finance/v1/sales-reports/detailed/${reportText}`,
      {},
      emu.emulator.key(1, 'basic').token,
    );
    expect(basic.status).toBe(403);
    expect(basic.headers['content-type']).toBe('application/problem+json');
    expect(basic.json()).toMatchObject({
      title: 'forbidden',
      detail: 'base token is not allowed',
      status: 403,
    });
    const unknown = await post(
      '/api/finance/v1/sales-reports/detailed/123',
      {},
      emu.emulator.key(1, 'service').token,
    );
    expect(unknown.status).toBe(204);
  });

  it('answers 400 for bad bodies: missing dates, limit over 100000, bad period', async () => {
    await emu.control.resetRateLimits();
    for (const body of [
      { dateTo: '2026-11-20' },
      { dateFrom: '2026-11-01', dateTo: '2026-11-20', limit: 100_001 },
      { dateFrom: '2026-11-01', dateTo: '2026-11-20', period: 'monthly' },
      { dateFrom: 'last week', dateTo: '2026-11-20' },
    ]) {
      await emu.control.resetRateLimits();
      const res = await post('/api/finance/v1/sales-reports/detailed', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, origin: 'open-api-finreports' });
    }
  });

  it('gives the balance from the reports: current = daily reports since the last weekly one', async () => {
    await emu.control.resetRateLimits();
    const res = await emu.wb.request(`${FIN}/api/v1/account/balance`, { token });
    expect(res.status).toBe(200);
    const truth = await emu.control.truth(1);
    expect(res.json()).toEqual({
      currency: 'RUB',
      current: Number(truth.balance.current),
      for_withdraw: Number(truth.balance.forWithdraw),
    });
  });

  it('keeps accounts apart: another key sees another seller', async () => {
    await emu.control.resetRateLimits();
    const mine = await post('/api/finance/v1/sales-reports/detailed', {
      dateFrom: '2026-11-01',
      dateTo: '2026-11-20',
      limit: 1,
    });
    const theirs = await post(
      '/api/finance/v1/sales-reports/detailed',
      { dateFrom: '2026-11-01', dateTo: '2026-11-20', limit: 1 },
      emu.emulator.key(2).token,
    );
    expect(mine.json<Row[]>()[0]?.rrdId).not.toBe(theirs.json<Row[]>()[0]?.rrdId);
  });
});
