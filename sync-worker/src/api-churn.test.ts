import { sql, upsertWbReportRows } from '@joycity/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitJsonArray } from './ingest/json-array-splitter.ts';
import { runOnce } from './run-pass.ts';
import { createSyncFixture, type SyncFixture } from './testing/sync-fixture.ts';

let fx: SyncFixture;
beforeAll(async () => {
  fx = await createSyncFixture({ seed: 41, accounts: 1, days: 8, cards: 5 });
});
afterAll(() => fx.close());

const v5Requests = async () =>
  (await fx.emu.control.requests()).filter((r) => r.path.startsWith('/api/v5/')).length;

describe('WB API churn', () => {
  it('v5 reportDetailByPeriod is never called while the fallback is off, even when finance-api fails', async () => {
    const [accountId] = fx.accountIds as [number];
    expect((await fx.emu.control.legacy()).reportDetailByPeriod.active).toBe(false); // switched off by WB
    expect(await runOnce(fx.deps(), { accountId, dataset: 'finance' })).toMatchObject({
      status: 'succeeded',
    });
    await fx.emu.control.addFault({
      id: 'gone',
      host: 'finance-api.wildberries.ru',
      path: '/api/finance/v1/sales-reports/detailed',
      kind: 'status',
      status: 404,
    });
    const failed = await runOnce(fx.deps(), { accountId, dataset: 'finance' });
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'WB_HTTP_404' });
    expect(await v5Requests()).toBe(0);

    // Switched on, the fallback reads v5 while finance-api answers 404 (here with v5 still served).
    await fx.db.deleteFrom('wb_report_rows').execute();
    await fx.db.updateTable('sync_state').set({ cursor: '{}' }).where('dataset', '=', 'finance').execute();
    await fx.emu.control.setLegacy({ reportDetailByPeriod: 'on' });
    const deps = fx.deps({ settings: { ...fx.deps().settings, financeV5Fallback: true } });
    expect(await runOnce(deps, { accountId, dataset: 'finance' })).toMatchObject({ status: 'succeeded' });
    expect(await v5Requests()).toBeGreaterThan(0);
    const truth = await fx.emu.control.truth(1);
    const { rows } = await sql<{ period: string; n: string; for_pay: string }>`
      SELECT period, count(*) AS n, to_char(sum(for_pay), 'FM999999990.00') AS for_pay FROM wb_report_rows GROUP BY period`.execute(
      fx.db,
    );
    const got = Object.fromEntries(rows.map((r) => [r.period, { rows: Number(r.n), forPay: r.for_pay }]));
    expect(got).toEqual({
      weekly: { rows: truth.finance.weekly.rows, forPay: truth.finance.weekly.columns.forPay },
      daily: { rows: truth.finance.daily.rows, forPay: truth.finance.daily.columns.forPay },
    });
    await fx.emu.control.removeFault('gone');
  });

  it('a field WB adds to its rows is kept in the JSONB', async () => {
    const [accountId] = fx.accountIds as [number];
    const res = await fx.emu.wb.request(
      'https://finance-api.wildberries.ru/api/finance/v1/sales-reports/detailed',
      {
        token: fx.emu.emulator.key(1).token,
        body: { dateFrom: '2025-01-01', dateTo: '2026-11-20', limit: 5, rrdId: 0, period: 'daily' },
      },
    );
    // WB's answer with a field it just introduced (and a report id beyond 2^53 written as raw digits).
    const body = res.text().replaceAll('"rrdId":', '"loyaltyPointsV2":"12.34","rrdId":');
    for await (const batch of splitJsonArray([Buffer.from(body)], 100)) {
      await upsertWbReportRows(fx.db, accountId, 'daily', batch.json);
    }
    const { rows } = await sql<{ v: string; report: string }>`
      SELECT raw->>'loyaltyPointsV2' AS v, raw->>'reportId' AS report FROM wb_report_rows
      WHERE raw ? 'loyaltyPointsV2'`.execute(fx.db);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.v === '12.34')).toBe(true);
    const reportIds = [...body.matchAll(/"reportId":(\d+)/g)].map((m) => m[1]);
    expect(rows.map((r) => r.report)).toEqual(reportIds);
  });
});
