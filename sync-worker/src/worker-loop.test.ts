import { setTimeout as sleep } from 'node:timers/promises';
import { DATASETS, listSyncStatus } from '@joycity/db';
import { createAccountService } from '@joycity/shared/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumRequests } from './minimum-requests.ts';
import type { SyncDeps } from './run-pass.ts';
import { createSyncFixture, expectEqualsTruth, type SyncFixture } from './testing/sync-fixture.ts';
import { runWorkerLoop } from './worker-loop.ts';

const PAGES = { finance: 150, stocks: 40, cards: 3 };

async function untilDone(fx: SyncFixture, accountIds: number[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await listSyncStatus(fx.db);
    const done = accountIds.every(
      (id) =>
        states.filter((s) => s.account_id === id && s.last_success_at !== null).length === DATASETS.length,
    );
    if (done) return;
    if (Date.now() > deadline) throw new Error('the workers did not finish in time');
    await sleep(50);
  }
}

function startLoops(fx: SyncFixture, workers: Array<Partial<SyncDeps>>) {
  const stop = new AbortController();
  const settings = { ...fx.deps().settings, pageSizes: PAGES };
  const loops = workers.map((w) =>
    runWorkerLoop(fx.deps({ settings, ...w }), { concurrency: 2, pollMs: 20, signal: stop.signal }),
  );
  return async () => {
    stop.abort();
    await Promise.all(loops);
  };
}

describe('three accounts, one withdrawn key', () => {
  let fx: SyncFixture;
  beforeAll(async () => {
    fx = await createSyncFixture({ seed: 31, accounts: 3, days: 10, cards: 6 });
  });
  afterAll(() => fx.close());

  it('the other two finish; the withdrawn one is marked invalid and not called again until replaced', async () => {
    await fx.emu.control.withdrawKeys({ account: 2 });
    const [a1, a2, a3] = fx.accountIds as [number, number, number];
    const stop = startLoops(fx, [{ workerId: 'w1' }]);
    try {
      await untilDone(fx, [a1, a3]);
      // Give the loop time to (not) come back to account 2.
      await sleep(300);
    } finally {
      await stop();
    }
    await expectEqualsTruth(fx, a1, 1);
    await expectEqualsTruth(fx, a3, 3);
    const account2 = await fx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', a2)
      .executeTakeFirstOrThrow();
    expect(account2.key_status).toBe('invalid');
    expect(account2.key_status_reason).toMatch(/401.*withdrawn/);
    const refused = (await fx.emu.control.requests({ host: undefined })).filter((r) => r.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(2); // at most the passes in flight when the first 401 came
    const states = await listSyncStatus(fx.db, a2);
    expect(states.every((s) => s.last_success_at === null)).toBe(true);

    // The admin replaces the key: the worker picks the account up again.
    await fx.emu.control.restoreKeys({ account: 2 });
    const fresh = await fx.emu.control.mintKey({
      account: 2,
      acc: 3,
      scopes: ['content', 'analytics', 'statistics', 'finance'],
    });
    await createAccountService({ db: fx.db, box: fx.deps().box }).replaceCredentials(
      a2,
      { apiKey: fresh.token },
      { actor: { userId: null, email: null, via: 'cli' }, validate: false },
    );
    const again = startLoops(fx, [{ workerId: 'w1' }]);
    try {
      await untilDone(fx, [a2]);
    } finally {
      await again();
    }
    await expectEqualsTruth(fx, a2, 2);
  }, 120_000);
});

describe('two workers in parallel', () => {
  let fx: SyncFixture;
  beforeAll(async () => {
    fx = await createSyncFixture({ seed: 37, accounts: 2, days: 12, cards: 7 });
  });
  afterAll(() => fx.close());

  it('share the work, never fetch the same page twice, and make the theoretical minimum of requests', async () => {
    const stop = startLoops(fx, [{ workerId: 'w1' }, { workerId: 'w2' }]);
    try {
      await untilDone(fx, fx.accountIds);
    } finally {
      await stop();
    }
    const log = await fx.emu.control.requests();
    for (const [i, accountId] of fx.accountIds.entries()) {
      await expectEqualsTruth(fx, accountId, i + 1);
      const truth = await fx.emu.control.truth(i + 1);
      const minimum = minimumRequests(
        {
          orders: truth.orders.rows,
          sales: truth.sales.rows,
          finance: { weekly: truth.finance.weekly.rows, daily: truth.finance.daily.rows },
          stocks: truth.stocks.rows,
          cards: truth.cards.rows,
        },
        PAGES,
      );
      const mine = log.filter((r) => r.account === i + 1);
      expect(mine.every((r) => r.status === 200 || r.status === 204)).toBe(true);
      const count = (path: string) => mine.filter((r) => r.path.startsWith(path)).length;
      expect({
        orders: count('/api/v1/supplier/orders'),
        sales: count('/api/v1/supplier/sales'),
        finance: count('/api/finance/v1/sales-reports/detailed'),
        stocks: count('/api/analytics/v1/stocks-report'),
        cards: count('/content/v2/get/cards/list'),
        total: mine.length,
      }).toEqual(minimum);
      // GET pages are identified by their query: none twice.
      const gets = mine.filter((r) => r.method === 'GET').map((r) => `${r.path}?${r.query}`);
      expect(new Set(gets).size).toBe(gets.length);
    }
    const runs = await fx.db.selectFrom('sync_runs').select(['worker_id', 'account_id', 'dataset']).execute();
    expect(runs).toHaveLength(fx.accountIds.length * DATASETS.length); // one pass per (account, dataset)
    expect(new Set(runs.map((r) => r.worker_id))).toEqual(new Set(['w1', 'w2']));
  }, 120_000);
});
