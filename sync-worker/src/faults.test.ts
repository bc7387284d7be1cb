import { DATASETS } from '@joycity/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnce } from './run-pass.ts';
import { createSyncFixture, expectEqualsTruth, type SyncFixture } from './testing/sync-fixture.ts';

let fx: SyncFixture;
beforeAll(async () => {
  fx = await createSyncFixture({ seed: 23, accounts: 1, days: 15, cards: 10 });
});
afterAll(() => fx.close());

describe('WB misbehaving', () => {
  it('429 storms, 5xx, resets and truncated or corrupt bodies: the backfill still equals the truth', async () => {
    const c = fx.emu.control;
    await c.addFault({
      id: 'storm',
      host: 'statistics-api.wildberries.ru',
      path: '/api/v1/supplier/orders',
      kind: 'rate-limit',
      retrySeconds: 60,
      count: 6,
    });
    await c.addFault({
      id: 'sales-502',
      host: 'statistics-api.wildberries.ru',
      path: '/api/v1/supplier/sales',
      kind: 'status',
      status: 502,
      count: 2,
    });
    await c.addFault({
      id: 'sales-cut',
      host: 'statistics-api.wildberries.ru',
      path: '/api/v1/supplier/sales',
      kind: 'truncate',
      fraction: 0.4,
      count: 2,
    });
    await c.addFault({
      id: 'fin-503',
      host: 'finance-api.wildberries.ru',
      path: '*',
      kind: 'status',
      status: 503,
      probability: 0.25,
      count: 6,
    });
    await c.addFault({
      id: 'fin-cut',
      host: 'finance-api.wildberries.ru',
      path: '*',
      kind: 'truncate',
      fraction: 0.5,
      skip: 2,
      count: 3,
    });
    await c.addFault({
      id: 'fin-corrupt',
      host: 'finance-api.wildberries.ru',
      path: '*',
      kind: 'corrupt',
      skip: 5,
      count: 2,
    });
    await c.addFault({
      id: 'cards-reset',
      host: 'content-api.wildberries.ru',
      path: '*',
      kind: 'reset',
      afterBytes: 200,
      count: 2,
    });
    await c.addFault({
      id: 'stocks-429',
      host: 'seller-analytics-api.wildberries.ru',
      path: '*',
      kind: 'rate-limit',
      count: 3,
    });

    const [accountId] = fx.accountIds as [number];
    const deps = fx.deps({
      settings: { ...fx.deps().settings, pageSizes: { finance: 200, stocks: 40, cards: 4 } },
    });
    for (const dataset of DATASETS) {
      expect(await runOnce(deps, { accountId, dataset }), dataset).toMatchObject({ status: 'succeeded' });
    }
    await expectEqualsTruth(fx, accountId, 1);

    const faults = await c.faults();
    for (const f of faults) expect(f.applied, f.id).toBeGreaterThan(0);
    const runs = await fx.db.selectFrom('sync_runs').select(['dataset', 'details']).execute();
    const details = Object.fromEntries(runs.map((r) => [r.dataset, r.details as Record<string, number>]));
    expect(details.orders!.rateLimited).toBe(6);
    expect(details.sales!.retries).toBeGreaterThanOrEqual(2);
    expect(details.finance!.retries).toBeGreaterThanOrEqual(5);
    expect(details.cards!.retries).toBe(2);
  });

  it('a page that keeps failing spends the retry budget, fails the pass and records the error', async () => {
    const [accountId] = fx.accountIds as [number];
    await fx.emu.control.addFault({
      id: 'down',
      host: 'finance-api.wildberries.ru',
      path: '*',
      kind: 'status',
      status: 500,
    });
    const result = await runOnce(fx.deps({ policy: { ...fx.deps().policy, maxAttempts: 3 } }), {
      accountId,
      dataset: 'finance',
    });
    expect(result).toMatchObject({ status: 'failed', errorCode: 'WB_RETRIES_EXHAUSTED', requests: 4 });
    const state = await fx.db
      .selectFrom('sync_state')
      .selectAll()
      .where('dataset', '=', 'finance')
      .executeTakeFirstOrThrow();
    expect(state.last_error).toMatch(/gave up after 4 failures/);
    expect(state.consecutive_failures).toBe(1);
    expect(state.lease_owner).toBeNull();
    await fx.emu.control.removeFault('down');
  });
});
