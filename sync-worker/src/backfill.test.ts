import type { Dataset } from '@joycity/db';
import { DATASETS } from '@joycity/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnce } from './run-pass.ts';
import { createSyncFixture, expectEqualsTruth, type SyncFixture } from './testing/sync-fixture.ts';

let fx: SyncFixture;
beforeAll(async () => {
  fx = await createSyncFixture({ accounts: 1, days: 20, cards: 8 });
});
afterAll(() => fx.close());

describe('a full backfill', () => {
  it('stores exactly the emulator truth, row for row and in money totals, with WB raw rows as JSONB', async () => {
    const [accountId] = fx.accountIds as [number];
    const deps = fx.deps({
      settings: { ...fx.deps().settings, pageSizes: { finance: 97, stocks: 50, cards: 3 } },
    });
    for (const dataset of DATASETS) {
      const result = await runOnce(deps, { accountId, dataset });
      expect(result, dataset).toMatchObject({ status: 'succeeded' });
    }
    await expectEqualsTruth(fx, accountId, 1);

    // Report ids above 2^53 keep every digit; money is exact numeric.
    const big = await fx.db
      .selectFrom('wb_report_rows')
      .select(['report_id', 'raw'])
      .where('period', '=', 'daily')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(BigInt(big.report_id)).toBeGreaterThan(2n ** 53n);

    // Runs record counts and duration; the state records success and the backfill.
    const runs = await fx.db.selectFrom('sync_runs').selectAll().execute();
    expect(runs).toHaveLength(DATASETS.length);
    for (const r of runs) {
      expect(r.status).toBe('succeeded');
      expect(r.trigger).toBe('backfill');
      expect(r.requests).toBeGreaterThan(0);
      expect(r.finished_at).not.toBeNull();
    }
    const states = await fx.db.selectFrom('sync_state').selectAll().execute();
    expect(states.every((s) => s.backfill_completed_at && s.last_success_at && !s.lease_owner)).toBe(true);
  });

  it('a second pass adds nothing and duplicates nothing', async () => {
    const [accountId] = fx.accountIds as [number];
    for (const dataset of ['orders', 'sales', 'finance', 'cards'] as Dataset[]) {
      const result = await runOnce(fx.deps(), { accountId, dataset });
      expect(result, dataset).toMatchObject({ status: 'succeeded' });
    }
    await expectEqualsTruth(fx, accountId, 1);
    const manual = await fx.db
      .selectFrom('sync_runs')
      .select('trigger')
      .where('trigger', '=', 'manual')
      .execute();
    expect(manual).toHaveLength(4);
  });
});
