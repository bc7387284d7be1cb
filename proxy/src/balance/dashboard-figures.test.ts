import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { createLogger } from '@joycity/shared/logger';
import {
  createPortalClient,
  startEmulator,
  type AccountCredentials,
  type RunningEmulator,
} from '@joycity/wb-emulator';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilterEngine } from '../filter/engine.ts';
import { parseJson } from '../filter/json-codec.ts';
import type { RequestContext } from '../filter/types.ts';
import { leakedNmIds } from '../testing/leaks.ts';
import { createVisibleSet } from '../visibility/visible-set.ts';

/**
 * The dashboard's day figures are the manager's: computed from the synced orders (loaded here from the
 * emulator's statistics API the way the sync worker stores them) of the articles visible on that day, and equal
 * to an independent count over the emulator's own order rows.
 */

let emu: RunningEmulator;
let tdb: TestDatabase;
let orders: Array<Record<string, unknown>>;
let accountId: number;

beforeAll(async () => {
  emu = await startEmulator({ seed: 5, accounts: 1, days: 20, now: '2026-11-20T12:00:00Z', timeScale: 1000 });
  tdb = await createTestDatabase();
  const db = tdb.connect();
  accountId = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Тест', inn: '7701234567' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const res = await emu.wb.request(
    'https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-11-15',
    { token: emu.emulator.key(1).token },
  );
  expect(res.status).toBe(200);
  orders = parseJson(res.body(), 'orders') as Array<Record<string, unknown>>;
  const json = JSON.stringify(orders);
  await sql`
    INSERT INTO wb_orders (account_id, srid, nm_id, order_date, last_change_date, is_cancel, raw)
    SELECT ${accountId}, e->>'srid', (e->>'nmId')::bigint, (e->>'date')::timestamp AT TIME ZONE 'Europe/Moscow',
      (e->>'lastChangeDate')::timestamp AT TIME ZONE 'Europe/Moscow', (e->>'isCancel')::boolean, e
    FROM jsonb_array_elements(${json}::jsonb) e
    ON CONFLICT (account_id, srid) DO NOTHING`.execute(db);
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await tdb?.drop();
});

describe('dashboard day figures', () => {
  it("are the manager's orders of each day from the synced orders, never a hidden article's", async () => {
    const nms = emu.emulator.world.data[0]!.account.cards.map((c) => c.nmID);
    const mine = new Set(nms.filter((_, i) => i % 3 === 0));
    const hidden = nms.filter((nm) => !mine.has(nm));
    const visible = createVisibleSet({
      userId: '00000000-0000-4000-8000-000000000001',
      accountId,
      at: new Date('2026-11-20T12:00:00Z'),
      months: new Map([['2026-11-01', mine]]),
    });
    const engine = createFilterEngine({
      db: tdb.connect(),
      logger: createLogger({ service: 'proxy-test', level: 'silent' }),
      now: () => new Date('2026-11-20T12:00:00Z'),
    });
    const portal = createPortalClient(emu.url);
    portal.useCredentials((emu.emulator.accounts()[0] as AccountCredentials).portal);
    const url = 'https://seller.wildberries.ru/ns/dashboard/suppliers-portal-core/api/v1/summary';
    const u = new URL(url);
    const ctx: RequestContext = { host: u.hostname, method: 'GET', path: u.pathname, search: u.searchParams };
    const res = await portal.request(url);
    const out = await engine.applyResponseFilter(
      engine.planResponse(ctx)!,
      { status: res.status, contentType: res.headers['content-type'], body: res.body },
      visible,
    );
    expect(leakedNmIds(out.body, hidden)).toEqual([]);
    const data = (
      JSON.parse(Buffer.from(out.body).toString()) as {
        data: Record<string, { date: string; ordersCount: number; ordersSum: number; cancelCount: number }>;
      }
    ).data;
    let nonZero = 0;
    for (const key of ['today', 'yesterday']) {
      const d = data[key]!;
      const day = d.date.slice(0, 10);
      const list = orders.filter((o) => String(o.date).slice(0, 10) === day && mine.has(Number(o.nmId)));
      expect(d.ordersCount, key).toBe(list.length);
      expect(d.cancelCount, key).toBe(list.filter((o) => o.isCancel === true).length);
      expect(Math.round(d.ordersSum * 100), key).toBe(
        list.reduce((n, o) => n + Math.round(Number(o.finishedPrice) * 100), 0),
      );
      if (list.length) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(0);
  });
});
