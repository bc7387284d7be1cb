import { randomBytes } from 'node:crypto';
import { sql, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { createPostgresCoordinator, type Coordinator } from '@joycity/shared/coordination';
import { createAccountService } from '@joycity/shared/credentials';
import { encryptionKeyringSchema } from '@joycity/shared/config';
import { createSecretBox } from '@joycity/shared/crypto';
import { createLogger } from '@joycity/shared/logger';
import { createWbHttp } from '@joycity/shared/wb';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '@joycity/wb-emulator';
import { expect } from 'vitest';
import type { DatasetSettings } from '../datasets/context.ts';
import { DEFAULT_RETRY_POLICY } from '../retry/retry-policy.ts';
import type { SyncDeps } from '../run-pass.ts';

/** The emulator's time scale in tests: WB's "1 per minute" becomes a token every millisecond. */
export const TEST_TIME_SCALE = 60_000;

export interface SyncFixture {
  tdb: TestDatabase;
  db: Database;
  emu: RunningEmulator;
  coordinator: Coordinator;
  encryptionKey: string;
  accountIds: number[];
  deps(overrides?: Partial<SyncDeps>): SyncDeps;
  close(): Promise<void>;
}

export const TEST_SETTINGS: DatasetSettings = {
  financeStart: '2025-01-01',
  financePeriods: ['weekly', 'daily'],
  financeV5Fallback: false,
  backfillDays: 90,
  statsOverlapSeconds: 300,
  batchRows: 500,
  parseConnections: 2,
};

/**
 * A test database, a running emulator (frozen clock, fast time scale) and one platform account per emulator
 * account, created through the account service with the emulator's personal keys — what an admin does.
 */
export async function createSyncFixture(options: StartEmulatorOptions = {}): Promise<SyncFixture> {
  const tdb = await createTestDatabase();
  const db = tdb.connect();
  const emu = await startEmulator({
    seed: 11,
    accounts: 2,
    days: 20,
    cards: 8,
    now: '2026-11-20T12:00:00Z',
    timeScale: TEST_TIME_SCALE,
    ...options,
  });
  const encryptionKey = `k1:${randomBytes(32).toString('base64')}`;
  const box = createSecretBox(encryptionKeyringSchema.parse(encryptionKey));
  const service = createAccountService({ db, box });
  const accountIds: number[] = [];
  for (const a of emu.emulator.accounts()) {
    const { account } = await service.create(
      {
        name: a.name,
        inn: a.tin,
        apiKey: emu.emulator.key(a.id).token,
        portalSession: { cookies: { WBTokenV3: `session-${a.id}` } },
      },
      { actor: { userId: null, email: null, via: 'cli' }, validate: false },
    );
    accountIds.push(account.id);
  }
  const coordinator = await createPostgresCoordinator({ connectionString: tdb.url, namespace: 'sync-test' });
  const logger = createLogger({ service: 'sync-test', level: 'silent' });
  const http = createWbHttp({ upstreamOverride: emu.url });
  return {
    tdb,
    db,
    emu,
    coordinator,
    encryptionKey,
    accountIds,
    deps: (overrides = {}) => ({
      db,
      coordinator,
      box,
      http,
      logger,
      workerId: 'test-worker',
      leaseMs: 30_000,
      timeScale: TEST_TIME_SCALE,
      policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxAttempts: 8 },
      settings: TEST_SETTINGS,
      now: () => new Date(emu.emulator.clock.now()),
      ...overrides,
    }),
    close: async () => {
      await coordinator.close();
      await emu.close();
      await tdb.drop();
    },
  };
}

/** What the tables hold for one account, in the shape of the emulator's truth. */
export async function storedFigures(db: Database, accountId: number) {
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0]!;
  const orders = await one(sql<{
    rows: string;
    cancelled: string;
    totalPrice: string;
    finishedPrice: string;
  }>`
    SELECT count(*) AS rows, count(*) FILTER (WHERE is_cancel) AS cancelled,
      to_char(sum((raw->>'totalPrice')::numeric), 'FM999999999990.00') AS "totalPrice",
      to_char(sum((raw->>'finishedPrice')::numeric), 'FM999999999990.00') AS "finishedPrice"
    FROM wb_orders WHERE account_id = ${accountId}`);
  const sales = await one(sql<{ rows: string; forPay: string }>`
    SELECT count(*) AS rows, to_char(sum((raw->>'forPay')::numeric), 'FM999999999990.00') AS "forPay"
    FROM wb_sales WHERE account_id = ${accountId}`);
  const finance = async (period: 'weekly' | 'daily') =>
    one(sql<Record<string, string>>`
      SELECT count(*) AS rows, count(DISTINCT report_id) AS reports,
        to_char(coalesce(sum(retail_amount), 0), 'FM999999999990.00') AS "retailAmount",
        to_char(coalesce(sum(for_pay), 0), 'FM999999999990.00') AS "forPay",
        to_char(coalesce(sum(delivery_service), 0), 'FM999999999990.00') AS "deliveryService",
        to_char(coalesce(sum(paid_storage), 0), 'FM999999999990.00') AS "paidStorage",
        to_char(coalesce(sum(penalty), 0), 'FM999999999990.00') AS "penalty",
        to_char(coalesce(sum(deduction), 0), 'FM999999999990.00') AS "deduction",
        to_char(coalesce(sum(paid_acceptance), 0), 'FM999999999990.00') AS "paidAcceptance",
        to_char(coalesce(sum(additional_payment), 0), 'FM999999999990.00') AS "additionalPayment",
        to_char(coalesce(sum(rebill_logistic_cost), 0), 'FM999999999990.00') AS "rebillLogisticCost",
        to_char(coalesce(sum((raw->>'acquiringFee')::numeric), 0), 'FM999999999990.00') AS "acquiringFee",
        to_char(coalesce(sum((raw->>'ppvzSalesCommission')::numeric), 0), 'FM999999999990.00') AS "ppvzSalesCommission"
      FROM wb_report_rows WHERE account_id = ${accountId} AND period = ${period}`);
  const stocks = await one(sql<{ rows: string; quantity: string }>`
    SELECT count(*) AS rows, coalesce(sum(quantity), 0) AS quantity FROM wb_stocks
    WHERE account_id = ${accountId}
      AND snapshot_at = (SELECT max(snapshot_at) FROM wb_stocks WHERE account_id = ${accountId})`);
  const cards = await one(
    sql<{ rows: string }>`SELECT count(*) AS rows FROM wb_cards WHERE account_id = ${accountId}`,
  );
  return {
    orders,
    sales,
    finance: { weekly: await finance('weekly'), daily: await finance('daily') },
    stocks,
    cards,
  };
}

/** Asserts the stored tables equal the emulator's truth for an account, row counts and money totals. */
export async function expectEqualsTruth(fx: SyncFixture, accountId: number, emulatorAccount: number) {
  const truth = await fx.emu.control.truth(emulatorAccount);
  const got = await storedFigures(fx.db, accountId);
  expect({
    orders: {
      rows: Number(got.orders.rows),
      cancelled: Number(got.orders.cancelled),
      totalPrice: got.orders.totalPrice,
      finishedPrice: got.orders.finishedPrice,
    },
    sales: { rows: Number(got.sales.rows), forPay: got.sales.forPay },
    stocks: { rows: Number(got.stocks.rows), quantity: Number(got.stocks.quantity) },
    cards: Number(got.cards.rows),
  }).toEqual({
    orders: {
      rows: truth.orders.rows,
      cancelled: truth.orders.cancelled,
      totalPrice: truth.orders.totalPrice,
      finishedPrice: truth.orders.finishedPrice,
    },
    sales: { rows: truth.sales.rows, forPay: truth.sales.forPay },
    stocks: { rows: truth.stocks.rows, quantity: truth.stocks.quantity },
    cards: truth.cards.rows,
  });
  for (const period of ['weekly', 'daily'] as const) {
    const { rows, reports, ...columns } = got.finance[period];
    expect({ rows: Number(rows), reports: Number(reports), columns }).toEqual({
      rows: truth.finance[period].rows,
      reports: truth.finance[period].reports,
      columns: truth.finance[period].columns,
    });
  }
}
