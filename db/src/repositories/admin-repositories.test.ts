import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import {
  addAssignments,
  copyAssignments,
  findAssignmentHolders,
  findKnownNmIds,
  listAssignmentSummary,
  listUserAssignedCards,
  removeAssignments,
} from './assignments.ts';
import { listRouteObservations, recordRouteObservation } from './proxy-routes.ts';
import { listSyncStatus, requestSyncNow } from './sync.ts';
import { createUser, grantRoles } from './users.ts';

let tdb: TestDatabase;
let db: Database;
let accountId: number;
let anna: string;
let boris: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
  accountId = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Ромашка', inn: '7701234567' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  anna = (await createUser(db, { email: 'anna@example.com', name: 'Anna', password_hash: 'x' })).id;
  boris = (await createUser(db, { email: 'boris@example.com', name: 'Boris', password_hash: 'x' })).id;
  await grantRoles(db, anna, ['MANAGER']);
  await grantRoles(db, boris, ['MANAGER']);
  await db
    .insertInto('wb_cards')
    .values([
      { account_id: accountId, nm_id: 101, title: 'Кружка', photo_url: 'https://x/1.webp', raw: '{}' },
      { account_id: accountId, nm_id: 102, title: 'Ложка', raw: '{}' },
    ])
    .execute();
  await db
    .insertInto('wb_orders')
    .values({
      account_id: accountId,
      srid: 'o1',
      nm_id: 103,
      order_date: new Date(),
      last_change_date: new Date(),
      raw: '{}',
    })
    .execute();
});
afterAll(() => tdb.drop());

describe('sync repository', () => {
  it('requestSyncNow creates a due row, or makes an existing one due now', async () => {
    expect(await requestSyncNow(db, { accountId, dataset: 'orders' })).toBe(true);
    await db
      .updateTable('sync_state')
      .set({ next_run_at: new Date(Date.now() + 3_600_000) })
      .where('account_id', '=', accountId)
      .execute();
    const before = Date.now();
    expect(await requestSyncNow(db, { accountId, dataset: 'orders' })).toBe(true);
    const [row] = await listSyncStatus(db, accountId);
    expect(row!.dataset).toBe('orders');
    expect(row!.next_run_at.getTime()).toBeLessThanOrEqual(before + 1_000);
    expect(row!.last_run).toBeNull();
    expect(await requestSyncNow(db, { accountId: 999_999, dataset: 'orders' })).toBe(false);
  });

  it('listSyncStatus carries the latest run', async () => {
    await db
      .insertInto('sync_runs')
      .values([
        { account_id: accountId, dataset: 'orders', worker_id: 'w1', status: 'succeeded', rows_written: 5 },
        { account_id: accountId, dataset: 'orders', worker_id: 'w1', status: 'failed', error: 'boom' },
      ])
      .execute();
    const [row] = await listSyncStatus(db, accountId);
    expect(row!.last_run).toMatchObject({ status: 'failed', error: 'boom' });
  });
});

describe('route observations', () => {
  it('upserts by host, method and pattern, adding hits and keeping the newest shape', async () => {
    const base = { host: 'Seller.Wildberries.ru', method: 'get', pathPattern: '/ns/a/{id}' };
    await recordRouteObservation(db, { ...base, sampleShape: { data: ['number'] } });
    await recordRouteObservation(db, { ...base, sampleShape: { items: [{ nmID: 'number' }] }, hits: 4 });
    await recordRouteObservation(db, { ...base, pathPattern: '/ns/b', sampleShape: {} });
    const { items, total } = await listRouteObservations(db, { q: '/a/' });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({
      host: 'seller.wildberries.ru',
      method: 'GET',
      hits: 5,
      sample_shape: { items: [{ nmID: 'number' }] },
    });
    await expect(recordRouteObservation(db, { ...base, sampleShape: {}, hits: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('assignment helpers', () => {
  it('knows nmIds from cards or orders, finds holders, summarises and copies months', async () => {
    expect([...(await findKnownNmIds(db, accountId, [101, 103, 999]))].sort()).toEqual([101, 103]);
    await addAssignments(db, { accountId, userId: anna, month: '2026-10-01', nmIds: [101, 102] });
    await addAssignments(db, { accountId, userId: boris, month: '2026-10-01', nmIds: [103] });
    await addAssignments(db, { accountId, userId: boris, month: '2026-11-01', nmIds: [102] });
    const holders = await findAssignmentHolders(db, { accountId, month: '2026-10-01', nmIds: [101, 103, 5] });
    expect(Object.fromEntries(holders)).toEqual({ 101: anna, 103: boris });

    const summary = await listAssignmentSummary(db, { accountId, month: '2026-10-01' });
    expect(summary.map((s) => [s.name, s.count])).toEqual([
      ['Anna', 2],
      ['Boris', 1],
    ]);
    expect(summary[0]!.sample[0]).toMatchObject({
      nm_id: 101,
      title: 'Кружка',
      photo_url: 'https://x/1.webp',
    });

    const copy = await copyAssignments(db, { accountId, fromMonth: '2026-10-01', toMonth: '2026-11-01' });
    expect(copy).toMatchObject({ copied: 2, skipped: 1 });
    expect(
      (await listUserAssignedCards(db, { accountId, userId: anna, month: '2026-11-01' })).map((c) => c.nm_id),
    ).toEqual([101]);
    expect(
      await removeAssignments(db, { accountId, userId: boris, month: '2026-11-01', nmIds: [102, 103, 7] }),
    ).toEqual([102, 103]);
  });
});
