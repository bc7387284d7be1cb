import { addAssignments, removeAssignments, sql, type Database } from '@joycity/db';
import { publishEvent } from '@joycity/shared/coordination';
import { createSecretBox } from '@joycity/shared/crypto';
import { createLogger } from '@joycity/shared/logger';
import { moscowDate, moscowMonthStart } from '@joycity/shared/time';
import { createWbHttp } from '@joycity/shared/wb';
import { createPortalClient } from '@joycity/wb-emulator';
import { request } from 'undici';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeUser } from '../../../admin/test/harness.ts';
import { DEFAULT_RETRY_POLICY } from '../../../sync-worker/src/retry/retry-policy.ts';
import { runOnce } from '../../../sync-worker/src/run-pass.ts';
import { TEST_SETTINGS, TEST_TIME_SCALE } from '../../../sync-worker/src/testing/sync-fixture.ts';
import { pub, startStack, type Stack } from '../../test/stack.ts';
import { AUTHORIZEV3_PLACEHOLDER, SELLER_LK_PATH, SELLER_LK_PLACEHOLDER } from '../session/local-answers.ts';
import { leakedNmIds } from '../testing/leaks.ts';

/**
 * Issue 6 through the real chain: emulator + admin API + proxy with the production nmId filter (what
 * `startProxyServer` plugs in by default). Two managers of one account hold disjoint thirds of its articles;
 * every answer (JSON, xlsx, ZIP, base64, CSV) is scanned in every byte for the articles they do not hold.
 */

let stack: Stack;
let db: Database;
const users: Record<'a' | 'b', { id: string; cookie: string; nms: Set<number> }> = {
  a: { id: '', cookie: '', nms: new Set() },
  b: { id: '', cookie: '', nms: new Set() },
};
let allNms: number[];
const months: string[] = [];

const WEEKLY = pub('seller-weekly-report');
const SERVICES = pub('seller-services');
const CONTENT = pub('seller-content');
const REVIEWS = pub('seller-reviews');
const PRICES = pub('discounts-prices');
const SUPPLY = pub('seller-supply');
const CMP = pub('cmp');
const SHELL = pub();
const COMMS = pub('seller-communications');
const BAL = '/ns/reports/seller-wb-balance/api/v1';
const api = { accept: 'application/json', authorizev3: AUTHORIZEV3_PLACEHOLDER };

/** `YYYY-MM-01` of the Moscow month `back` months before now. */
function monthBack(back: number): string {
  const [y, m] = moscowMonthStart(new Date()).split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 10);
}

interface Answer {
  status: number;
  type: string;
  bytes: Buffer;
  text: string;
}

async function call(
  who: 'a' | 'b',
  host: string,
  target: string,
  o: { method?: string; json?: unknown } = {},
): Promise<Answer> {
  const res = await request(`${stack.proxy.url}${target}`, {
    method: (o.method ?? (o.json === undefined ? 'GET' : 'POST')) as 'GET',
    headers: {
      host: `${host}:8080`,
      cookie: users[who].cookie,
      ...api,
      // What the SPA sends after its auth/token call: the proxy puts the account's real token in.
      ...(host === SERVICES ? { 'wb-seller-lk': SELLER_LK_PLACEHOLDER } : {}),
      ...(o.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(o.json !== undefined ? { body: JSON.stringify(o.json) } : {}),
  });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    type: String(res.headers['content-type'] ?? ''),
    bytes,
    text: bytes.toString('utf8'),
  };
}

const hiddenFrom = (who: 'a' | 'b') => allNms.filter((nm) => !users[who].nms.has(nm));

/** The answer is the manager's: 200, none of the account's other articles in any byte, some of theirs. */
function expectOnlyOwn(who: 'a' | 'b', answer: Answer, label: string, mustHaveOwn = true): number[] {
  expect(answer.status, `${label}: ${answer.text.slice(0, 300)}`).toBe(200);
  expect(leakedNmIds(answer.bytes, hiddenFrom(who)), label).toEqual([]);
  const own = leakedNmIds(answer.bytes, users[who].nms);
  if (mustHaveOwn) expect(own.length, `${label} shows none of the manager's articles`).toBeGreaterThan(0);
  return own;
}

async function weeklyReportIds(who: 'a' | 'b'): Promise<string[]> {
  const list = await call(
    who,
    SERVICES,
    `${BAL}/reports-weekly?dateFrom=${monthBack(2)}&dateTo=${moscowDate(new Date())}`,
  );
  expect(list.status, list.text.slice(0, 300)).toBe(200);
  return [...list.text.matchAll(/"id":(\d+)/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  stack = await startStack({
    filter: 'nm',
    emulator: { seed: 7, accounts: 1, days: 40, cards: 24, timeScale: TEST_TIME_SCALE },
  });
  db = stack.tdb.connect();
  const a = await stack.bootstrap
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'manager@example.com')
    .executeTakeFirstOrThrow();
  const b = await makeUser(stack.bootstrap, {
    email: 'manager2@example.com',
    roles: ['MANAGER'],
    accountId: stack.accountId,
  });
  users.a.id = a.id;
  users.b.id = b.id;
  allNms = stack.emu.emulator.world.data[0]!.account.cards.map((c) => c.nmID);
  users.a.nms = new Set(allNms.filter((_, i) => i % 3 === 0));
  users.b.nms = new Set(allNms.filter((_, i) => i % 3 === 1));
  months.push(monthBack(0), monthBack(1), monthBack(2));
  for (const month of months) {
    for (const who of ['a', 'b'] as const) {
      const conflicts = await addAssignments(stack.bootstrap, {
        accountId: stack.accountId,
        userId: users[who].id,
        month,
        nmIds: [...users[who].nms],
      });
      expect(conflicts).toEqual([]);
    }
  }
  users.a.cookie = await stack.login('manager@example.com');
  users.b.cookie = await stack.login('manager2@example.com');
  const lk = await call('a', SHELL, SELLER_LK_PATH, { json: { jsonrpc: '2.0', id: 1, params: {} } });
  expect(lk.status, lk.text).toBe(200);

  // The account's cards and finance rows, synced by the sync worker's own pass from the emulator.
  const deps = {
    db,
    coordinator: stack.coordinator,
    box: createSecretBox(stack.config.APP_ENCRYPTION_KEY),
    http: createWbHttp({ upstreamOverride: stack.emu.url }),
    logger: createLogger({ service: 'sync-test', level: 'silent' }),
    workerId: 'nm-filter-test',
    leaseMs: 60_000,
    timeScale: TEST_TIME_SCALE,
    policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxAttempts: 8 },
    settings: { ...TEST_SETTINGS, financeStart: monthBack(3) },
  };
  for (const dataset of ['cards', 'finance'] as const) {
    const result = await runOnce(deps, { accountId: stack.accountId, dataset });
    expect(result?.status, `${dataset}: ${result?.error}`).toBe('succeeded');
  }
}, 240_000);
afterAll(() => stack?.close(), 60_000);

describe('every answer cut to the manager’s nmIds, through the proxy', () => {
  it('orders, stocks, reviews, prices, supplies, dashboard, notifications and campaigns carry only the manager’s articles', async () => {
    const today = moscowDate(new Date());
    for (const who of ['a', 'b'] as const) {
      expectOnlyOwn(
        who,
        await call(
          who,
          WEEKLY,
          `/ns/orders/analytics-back/api/v1/orders?dateFrom=${monthBack(1)}&dateTo=${today}&limit=1000`,
        ),
        'orders',
      );
      expectOnlyOwn(
        who,
        await call(who, WEEKLY, '/ns/supplier-goods/analytics-back/api/v2/report', {
          json: { dateFrom: monthBack(0), dateTo: today, limit: 1000 },
        }),
        'goods report',
      );
      expectOnlyOwn(
        who,
        await call(who, CONTENT, '/ns/analytics-api/content-analytics/api/v2/stocks-report/report', {
          json: { limit: 1000 },
        }),
        'stocks (cards)',
      );
      expectOnlyOwn(
        who,
        await call(who, PRICES, '/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods/filter', {
          json: { limit: 1000 },
        }),
        'prices',
      );
      for (const isAnswered of ['true', 'false']) {
        expectOnlyOwn(
          who,
          await call(
            who,
            REVIEWS,
            `/ns/fa-seller-api/reviews-ext-seller-portal/api/v2/feedbacks?isAnswered=${isAnswered}&limit=100`,
          ),
          `reviews answered=${isAnswered}`,
          false,
        );
      }
      expectOnlyOwn(
        who,
        await call(who, SHELL, '/ns/dashboard/suppliers-portal-core/api/v1/summary'),
        'dashboard',
        false,
      );
      expectOnlyOwn(
        who,
        await call(who, pub('seller-communications'), '/ns/notifications/api/v1/notifications?limit=100'),
        'notifications',
        false,
      );
      expectOnlyOwn(
        who,
        await call(who, SUPPLY, '/ns/sm-supply/supply-manager/api/v1/supply/listSupplies', {
          json: { jsonrpc: '2.0', id: 'a', params: { pageSize: 1000 } },
        }),
        'supplies',
        false,
      );
      const adverts = await call(who, CMP, '/api/v1/adverts?status=all&pageSize=100');
      expectOnlyOwn(who, adverts, 'campaigns', false);
      const ids = [...adverts.text.matchAll(/"id":(\d+)/g)].map((m) => m[1]!);
      for (const id of ids.slice(0, 5))
        expectOnlyOwn(who, await call(who, CMP, `/api/v1/adverts/${id}`), `advert ${id}`, false);
      expectOnlyOwn(
        who,
        await call(who, CMP, '/api/v3/fullstat', {
          json: { ids: ids.map(Number), dateFrom: monthBack(0), dateTo: today },
        }),
        'fullstat',
        false,
      );
    }
  }, 120_000);

  it('a campaign the manager may not see answers 404 from the filter, never WB’s body', async () => {
    const mine = await call('a', CMP, '/api/v1/adverts?status=all&pageSize=100');
    const visibleIds = new Set([...mine.text.matchAll(/"id":(\d+)/g)].map((m) => m[1]!));
    // WB's own list (the emulated portal, logged in directly): a campaign not wholly manager a's.
    const portal = createPortalClient(stack.emu.url);
    portal.useCredentials(stack.emu.emulator.accounts()[0]!.portal);
    const raw = await portal.request('https://cmp.wildberries.ru/api/v1/adverts?status=all&pageSize=100');
    const foreign = raw
      .json<{ content: Array<{ id: number; nms: number[] }> }>()
      .content.find((c) => !visibleIds.has(String(c.id)) && c.nms.some((nm) => !users.a.nms.has(nm)));
    expect(foreign).toBeDefined();
    const answer = await call('a', CMP, `/api/v1/adverts/${foreign!.id}`);
    expect(answer.status).toBe(404);
    expect(leakedNmIds(answer.bytes, hiddenFrom('a'))).toEqual([]);
  });

  it('reports, report lines and every export (xlsx raw, zipped, base64, CSV) carry only the manager’s articles', async () => {
    const today = moscowDate(new Date());
    for (const who of ['a', 'b'] as const) {
      const ids = await weeklyReportIds(who);
      expect(ids.length).toBeGreaterThan(0);
      const id = ids[0]!;
      expectOnlyOwn(
        who,
        await call(who, SERVICES, `${BAL}/reports/${id}/details?limit=10000`),
        'report lines',
      );
      expectOnlyOwn(
        who,
        await call(who, SERVICES, `${BAL}/reports?type=6&dateFrom=${monthBack(0)}&dateTo=${today}`),
        'daily reports',
        false,
      );
      const exports = [
        [SERVICES, `${BAL}/reports-weekly/${id}/details/excel`, 'raw xlsx'],
        [SERVICES, `${BAL}/reports/${id}/details/archived-excel?format=binary`, 'zipped xlsx'],
        [SERVICES, `${BAL}/reports/${id}/details/archived-excel`, 'base64 zip in JSON'],
        [
          WEEKLY,
          `/ns/supplier-goods/analytics-back/api/v2/report/excel?dateFrom=${monthBack(0)}&dateTo=${today}`,
          'base64 xlsx',
        ],
        [
          WEEKLY,
          `/ns/supplier-goods/analytics-back/api/v2/report/excel?dateFrom=${monthBack(0)}&dateTo=${today}&format=binary`,
          'zipped goods',
        ],
        [CONTENT, '/ns/analytics-api/content-analytics/api/v2/stocks-report/excel', 'stocks xlsx'],
        [
          WEEKLY,
          `/ns/orders/analytics-back/api/v1/orders/export?dateFrom=${monthBack(0)}&dateTo=${today}`,
          'orders csv',
        ],
        [
          WEEKLY,
          `/ns/orders/analytics-back/api/v1/orders/export?dateFrom=${monthBack(0)}&dateTo=${today}&format=xlsx`,
          'orders xlsx',
        ],
      ] as const;
      for (const [host, target, label] of exports) {
        const answer = await call(who, host, target);
        expectOnlyOwn(who, answer, label);
      }
      expectOnlyOwn(
        who,
        await call(who, PRICES, '/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods/excel', {
          json: {},
        }),
        'prices xlsx',
      );
    }
    // Every export is audited with its user and counts.
    const audited = await stack.bootstrap
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'proxy.export')
      .execute();
    expect(audited.filter((r) => r.actor_user_id === users.a.id).length).toBeGreaterThanOrEqual(8);
    expect(audited.filter((r) => r.actor_user_id === users.b.id).length).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('refuses a request naming a hidden article and never forwards it', async () => {
    const hidden = [...users.b.nms][0]!;
    const mine = [...users.a.nms][0]!;
    await stack.emu.control.clearRequests();
    const attempts: Array<[string, string, { method?: string; json?: unknown }]> = [
      [CONTENT, `/ns/content/api/v1/nm/info?nmID=${hidden}`, {}],
      [WEEKLY, `/ns/orders/analytics-back/api/v1/orders?nmId=${hidden}`, {}],
      [WEEKLY, `/ns/orders/analytics-back/api/v1/orders?search=${hidden}`, {}],
      [WEEKLY, '/ns/supplier-goods/analytics-back/api/v2/report', { json: { search: String(hidden) } }],
      [
        PRICES,
        '/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods/filter',
        { json: { search: String(hidden) } },
      ],
      [CMP, '/api/v1/adverts/1/bids', { method: 'PATCH', json: { bids: [{ nm: hidden, cpm: 300 }] } }],
      [
        REVIEWS,
        `/ns/fa-seller-api/reviews-ext-seller-portal/api/v2/feedbacks?isAnswered=false&nmId=${hidden}`,
        {},
      ],
    ];
    for (const [host, target, o] of attempts) {
      const answer = await call('a', host, target, o);
      expect(answer.status, target).toBe(404);
      expect(answer.text, target).toContain('NM_NOT_VISIBLE');
      expect(
        leakedNmIds(
          answer.bytes,
          hiddenFrom('a').filter((nm) => nm !== hidden),
        ),
        target,
      ).toEqual([]);
    }
    // The same request for the manager's own article does reach WB (so the log below can tell).
    expect(
      (
        await call(
          'a',
          WEEKLY,
          `/ns/orders/analytics-back/api/v1/orders?nmId=${mine}&dateFrom=${monthBack(0)}&dateTo=${moscowDate(new Date())}`,
        )
      ).status,
    ).toBe(200);
    const log = await stack.emu.control.requests({ limit: 1000 });
    expect(log.some((r) => r.query.includes(String(mine)))).toBe(true);
    const forwarded = log.filter((r) => `${r.path}?${r.query}`.includes(String(hidden)));
    expect(forwarded).toEqual([]);
    const denials = await stack.bootstrap
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'proxy.deny')
      .where('actor_user_id', '=', users.a.id)
      .execute();
    expect(denials.length).toBeGreaterThanOrEqual(attempts.length);
  }, 60_000);

  it('filters the event stream event by event: no account-wide counter, no hidden article', async () => {
    await stack.emu.control.clearRequests();
    const controller = new AbortController();
    const res = await request(`${stack.proxy.url}/ns/notifications/api/v1/stream`, {
      headers: { host: `${COMMS}:8080`, cookie: users.a.cookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/event-stream/);
    let text = '';
    try {
      for await (const chunk of res.body) {
        text += Buffer.from(chunk as Buffer).toString('utf8');
        if (/event: counters\ndata: [^\n]*\n\n/.test(text)) break;
      }
    } finally {
      controller.abort();
    }
    // WB's stream was opened (through the proxy) and its counters event arrived without the counts.
    const log = await stack.emu.control.requests({ limit: 1000 });
    expect(log.some((r) => r.path === '/ns/notifications/api/v1/stream')).toBe(true);
    expect(text).toContain('event: counters\ndata: {}\n\n');
    expect(text).not.toMatch(/unanswered|unreadNotifications/);
    expect(leakedNmIds(Buffer.from(text), hiddenFrom('a'))).toEqual([]);
  });

  it('terminates the notifications WebSocket: hello and subscribed arrive, no counts, no hidden article', async () => {
    const notified: number[] = [];
    for (const who of ['a', 'b'] as const) {
      const ws = new WebSocket(
        `ws://127.0.0.1:${stack.proxy.port}/ns/notifications/ws?token=${AUTHORIZEV3_PLACEHOLDER}`,
        {
          headers: { host: `${COMMS}:8080`, cookie: users[who].cookie, origin: `http://${SHELL}:8080` },
        },
      );
      const frames: string[] = [];
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'counters' })));
        ws.on('message', (data, isBinary) => {
          expect(isBinary).toBe(false);
          frames.push(Buffer.from(data as Buffer).toString('utf8'));
          // WB answers a subscribe with subscribed, the latest notification and counters, in that order.
          if (frames.some((f) => f.includes('"subscribed"')) && frames.at(-1)!.includes('"counters"'))
            resolve();
        });
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, r) => reject(new Error(`handshake ${r.statusCode}`)));
      });
      // Frames from the browser still reach WB: a ping is answered (pong is passed through).
      const pong = new Promise<string>((resolve) =>
        ws.on('message', (data) => {
          const text = Buffer.from(data as Buffer).toString('utf8');
          if (text.includes('"pong"')) resolve(text);
        }),
      );
      ws.send(JSON.stringify({ type: 'ping' }));
      expect(JSON.parse(await pong)).toMatchObject({ type: 'pong' });
      frames.splice(0, frames.length, ...frames.filter((f) => !f.includes('"pong"')));
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.close(1000);
      expect(await closed).toBe(1000);
      const messages = frames.map((f) => JSON.parse(f) as Record<string, unknown>);
      expect(messages[0]).toMatchObject({ type: 'hello' });
      expect(messages.map((m) => m.type)).toContain('subscribed');
      expect(messages.find((m) => m.type === 'counters')).toEqual({ type: 'counters' });
      expect(frames.join('\n')).not.toMatch(/unanswered|unreadNotifications/);
      expect(leakedNmIds(Buffer.from(frames.join('\n')), hiddenFrom(who)), who).toEqual([]);
      for (const m of messages) {
        const nmId = (m.notification as { nmId?: number } | undefined)?.nmId;
        if (nmId !== undefined) notified.push(nmId);
      }
    }
    const text = await (
      await request(`${stack.proxy.url}/metrics`, { headers: { host: `${SHELL}:8080` } })
    ).body.text();
    expect(text).toMatch(/proxy_live_messages_total\{channel="websocket",outcome="pass"\} [1-9]/);
    // Both were sent the account's latest notification: one naming an article reached one of them at most.
    if (notified.length > 0) {
      expect(notified).toHaveLength(1);
      expect(text).toMatch(
        /proxy_live_messages_total\{channel="websocket",outcome="drop:hidden-article"\} [1-9]/,
      );
    }
  });

  it('two managers of one account see disjoint sets', async () => {
    const seen = { a: new Set<number>(), b: new Set<number>() };
    for (const who of ['a', 'b'] as const) {
      const stocks = await call(
        who,
        CONTENT,
        '/ns/analytics-api/content-analytics/api/v2/stocks-report/report',
        {
          json: { limit: 1000 },
        },
      );
      const prices = await call(
        who,
        PRICES,
        '/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods/filter',
        {
          json: { limit: 1000 },
        },
      );
      for (const answer of [stocks, prices])
        for (const nm of leakedNmIds(answer.bytes, allNms)) seen[who].add(nm);
    }
    expect(seen.a.size).toBe(users.a.nms.size);
    expect(seen.b.size).toBe(users.b.nms.size);
    expect([...seen.a].filter((nm) => seen.b.has(nm))).toEqual([]);
  }, 60_000);

  it('an assignment change (admin API, assignments.changed) shows on the next request', async () => {
    const moved = [...users.b.nms][1]!;
    const stocksOf = async (who: 'a' | 'b') =>
      leakedNmIds(
        (
          await call(who, CONTENT, '/ns/analytics-api/content-analytics/api/v2/stocks-report/report', {
            json: { limit: 1000 },
          })
        ).bytes,
        [moved],
      );
    expect(await stocksOf('a')).toEqual([]);
    expect(await stocksOf('b')).toEqual([moved]);
    const admin = new Browser(stack.api.app);
    expect((await admin.login('admin@example.com')).status).toBe(200);
    const body = { accountId: stack.accountId, month: months[0]!, nmIds: [moved] };
    const apiBody = { ...body, month: months[0]!.slice(0, 7) };
    const removed = await admin.request('POST', '/api/assignments/remove', {
      json: { ...apiBody, userId: users.b.id },
    });
    expect(removed.status, await removed.clone().text()).toBe(200);
    const added = await admin.request('POST', '/api/assignments/add', {
      json: { ...apiBody, userId: users.a.id },
    });
    expect(added.status, await added.clone().text()).toBe(200);
    users.b.nms.delete(moved);
    users.a.nms.add(moved);
    // The admin publishes assignments.changed; the proxy drops the cached sets when it arrives (pub/sub).
    await expect.poll(() => stocksOf('a'), { timeout: 5_000, interval: 100 }).toEqual([moved]);
    expect(await stocksOf('b')).toEqual([]);

    // And back, through the repository and an event, as any other writer would.
    await removeAssignments(stack.bootstrap, { ...body, userId: users.a.id });
    await addAssignments(stack.bootstrap, { ...body, userId: users.b.id });
    await publishEvent(stack.coordinator, 'assignments.changed', {
      accountId: stack.accountId,
      month: months[0]!,
      userIds: [users.a.id, users.b.id],
    });
    users.a.nms.delete(moved);
    users.b.nms.add(moved);
    await expect.poll(() => stocksOf('b'), { timeout: 5_000, interval: 100 }).toEqual([moved]);
    expect(await stocksOf('a')).toEqual([]);
  }, 60_000);

  it('fails closed: a filtered answer that cannot be read is replaced by a clear error, never passed on', async () => {
    const id = (await weeklyReportIds('a'))[0]!;
    const cases = [
      [pub('seller-weekly-report'), '/ns/orders/analytics-back/api/v1/orders', 'truncate'],
      [SERVICES, `${BAL}/reports-weekly/${id}/details/excel`, 'corrupt'],
    ] as const;
    for (const [host, target, kind] of cases) {
      const wbHost = host.replace(/\.?wb-seller\.joycity\.test$/, '') + '.wildberries.ru';
      await stack.emu.control.addFault({ host: wbHost, path: target, kind, count: 1 });
      const answer = await call('a', host, target);
      expect(answer.status, target).toBe(502);
      expect(answer.type, target).toContain('application/json');
      const json = JSON.parse(answer.text) as { error?: unknown; joycity?: { code?: unknown } };
      expect(json.error, target).toBe(true);
      expect(json.joycity?.code, target).toMatch(/^PROXY_/);
      expect(answer.bytes.includes(Buffer.from('PK')), target).toBe(false);
      expect(leakedNmIds(answer.bytes, allNms), target).toEqual([]);
    }
  }, 60_000);

  it('the balance each manager sees equals an independent SQL sum of their (nm, month) rows, to the kopeck', async () => {
    const today = moscowDate(new Date());
    const rows = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM wb_report_rows WHERE account_id = ${stack.accountId}`.execute(db);
    expect(Number(rows.rows[0]!.n)).toBeGreaterThan(0);
    let nonZero = 0;
    for (const who of ['a', 'b'] as const) {
      const { rows: expected } = await sql<{ current: string; for_withdraw: string; mine: string }>`
        WITH last AS (
          SELECT report_id, date_to FROM wb_report_rows
          WHERE account_id = ${stack.accountId} AND period = 'weekly'
          ORDER BY date_to DESC, report_id DESC LIMIT 1
        ), mine AS (
          SELECT r.*,
            (CASE WHEN r.doc_type_name = 'Возврат' THEN -coalesce(r.for_pay, 0) ELSE coalesce(r.for_pay, 0) END)
              - coalesce(r.delivery_service, 0) - coalesce(r.paid_storage, 0) - coalesce(r.paid_acceptance, 0)
              - coalesce(r.deduction, 0) - coalesce(r.penalty, 0) + coalesce(r.additional_payment, 0)
              - coalesce(r.rebill_logistic_cost, 0) AS to_pay
          FROM wb_report_rows r
          WHERE r.account_id = ${stack.accountId} AND r.nm_id > 0 AND EXISTS (
            SELECT 1 FROM assignments a
            WHERE a.account_id = r.account_id AND a.user_id = ${users[who].id} AND a.nm_id = r.nm_id
              AND a.month = date_trunc('month', coalesce(r.rr_date, r.date_from))::date)
        )
        SELECT
          (SELECT coalesce(sum(to_pay), 0) FROM mine
            WHERE period = 'daily' AND date_to <= ${today}::date
              AND date_from > coalesce((SELECT date_to FROM last), '-infinity'::date))::text AS current,
          (SELECT greatest(coalesce(sum(to_pay), 0), 0) FROM mine
            WHERE period = 'weekly' AND report_id = (SELECT report_id FROM last))::text AS for_withdraw,
          (SELECT count(*) FROM mine)::text AS mine`.execute(db);
      const e = expected[0]!;
      expect(Number(e.mine)).toBeGreaterThan(0);
      const answer = await call(who, SERVICES, `${BAL}/balance`);
      expect(answer.status, answer.text).toBe(200);
      const token = (name: string) => new RegExp(`"${name}":(-?\\d+(?:\\.\\d+)?)`).exec(answer.text)?.[1];
      expect(decimal(token('current')), `${who} current`).toBe(decimal(e.current));
      expect(decimal(token('forWithdraw')), `${who} forWithdraw`).toBe(decimal(e.for_withdraw));
      if (decimal(e.current) !== '0' || decimal(e.for_withdraw) !== '0') nonZero++;
      expect(leakedNmIds(answer.bytes, hiddenFrom(who))).toEqual([]);
    }
    expect(nonZero).toBeGreaterThan(0);
  }, 60_000);
});

/** A decimal string in one canonical form (no trailing zeros, no `-0`), compared as text, never as a float. */
function decimal(value: string | undefined): string {
  if (value === undefined) return 'missing';
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) return `not a decimal: ${value}`;
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : `${m[1]}${out}`;
}
