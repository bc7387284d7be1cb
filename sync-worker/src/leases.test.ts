import { setTimeout as sleep } from 'node:timers/promises';
import {
  claimDueSync,
  claimSync,
  commitSyncCursor,
  ensureSyncStates,
  heartbeatSync,
  markApiKeyInvalid,
} from '@joycity/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from './testing/sync-fixture.ts';

let fx: SyncFixture;
beforeAll(async () => {
  fx = await createSyncFixture({ accounts: 2, days: 2, cards: 2 });
});
afterAll(() => fx.close());

describe('sync leases', () => {
  it('concurrent claims never hand out the same (account, dataset), and every due pair is handed out once', async () => {
    await ensureSyncStates(fx.db);
    const claims = await Promise.all(
      Array.from({ length: 14 }, (_, i) => claimDueSync(fx.db, { owner: `w${i % 3}`, leaseMs: 60_000 })),
    );
    const got = claims.filter((c) => c !== undefined).map((c) => `${c.accountId}/${c.dataset}`);
    expect(got).toHaveLength(10); // 2 accounts × 5 datasets
    expect(new Set(got).size).toBe(10);
    expect(await claimDueSync(fx.db, { owner: 'w9', leaseMs: 60_000 })).toBeUndefined();
  });

  it('an expired lease passes to another worker; the old holder can neither renew nor commit', async () => {
    const accountId = fx.accountIds[0]!;
    await fx.db.updateTable('sync_state').set({ lease_owner: null, lease_expires_at: null }).execute();
    expect(
      await claimSync(fx.db, { owner: 'old', leaseMs: 100, accountId, dataset: 'orders' }),
    ).toBeDefined();
    expect(
      await claimSync(fx.db, { owner: 'new', leaseMs: 60_000, accountId, dataset: 'orders' }),
    ).toBeUndefined();
    await sleep(150);
    expect(
      await claimSync(fx.db, { owner: 'new', leaseMs: 60_000, accountId, dataset: 'orders' }),
    ).toBeDefined();
    expect(await heartbeatSync(fx.db, { owner: 'old', leaseMs: 100, accountId, dataset: 'orders' })).toBe(
      false,
    );
    expect(
      await commitSyncCursor(fx.db, {
        owner: 'old',
        accountId,
        dataset: 'orders',
        cursor: { dateFrom: 'x' },
      }),
    ).toBe(false);
    expect(
      await commitSyncCursor(fx.db, {
        owner: 'new',
        accountId,
        dataset: 'orders',
        cursor: { dateFrom: 'y' },
      }),
    ).toBe(true);
  });

  it('skips accounts whose key WB refused', async () => {
    await fx.db.updateTable('sync_state').set({ lease_owner: null, lease_expires_at: null }).execute();
    await markApiKeyInvalid(fx.db, fx.accountIds[1]!, 'WB refused the API key (401: token withdrawn)');
    const claims = [];
    for (;;) {
      const c = await claimDueSync(fx.db, { owner: 'w', leaseMs: 60_000 });
      if (!c) break;
      claims.push(c);
    }
    expect(claims.map((c) => c.accountId)).toEqual(Array(5).fill(fx.accountIds[0]));
  });
});
