import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addAssignments, createUser, grantRoles, removeAssignments, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { encryptionKeyringSchema } from '@joycity/shared/config';
import { createPostgresCoordinator, publishEvent, type Coordinator } from '@joycity/shared/coordination';
import { hashPassword } from '@joycity/shared/crypto';
import { createLogger } from '@joycity/shared/logger';
import { moscowMonthStart } from '@joycity/shared/time';
import { createPortalClient, startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountAsAdmin, freePort, startAdminProcess } from '../../test/admin-process.ts';
import { leakedNmIds } from '../testing/leaks.ts';
import { startProxyServer, type RunningProxy } from './proxy-server.ts';
import { launchPortalChromium } from '../../test/browser.ts';

/**
 * Issue 6 end to end, in Chromium: two managers of one account, each with a third of its articles, click through
 * every portal page and every export through the proxy (its default, production nmId filter). Every response
 * body the browser received and every downloaded file is scanned (ZIPs and base64 inside JSON unpacked) for
 * the account's articles the manager does not hold: none may appear. An assignment change shows on the next
 * page load.
 */

const DOMAIN = 'joycity.test';
const PASSWORD = 'correct horse battery';
const ARTIFACTS = path.join(
  process.env.TEST_ARTIFACTS_DIR ?? path.join(import.meta.dirname, '../../artifacts'),
  'proxy-filtered-portal',
);

let tdb: TestDatabase;
let bootstrap: Database;
let emu: RunningEmulator;
let admin: Awaited<ReturnType<typeof startAdminProcess>>;
let proxy: RunningProxy;
let coordinator: Coordinator;
let browser: Browser;
let base: string;
let cacheDir: string;
let accountId: number;
let allNms: number[] = [];
const people: Record<'a' | 'b', { id: string; nms: Set<number> }> = {
  a: { id: '', nms: new Set() },
  b: { id: '', nms: new Set() },
};
const secrets = {
  APP_ENCRYPTION_KEY: `e2e:${randomBytes(32).toString('base64')}`,
  INTERNAL_API_SECRET: randomBytes(32).toString('base64url'),
  JWT_ACCESS_SECRET: randomBytes(48).toString('base64url'),
  JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
};

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tdb = await createTestDatabase();
  bootstrap = tdb.connect('bootstrap');
  emu = await startEmulator({ seed: 42, accounts: 2, days: 40, cards: 24 });
  const proxyPort = await freePort();
  admin = await startAdminProcess({
    databaseUrl: tdb.url,
    appDomain: DOMAIN,
    secrets,
    proxyPort,
    proxyInternalUrl: `http://127.0.0.1:${proxyPort}`,
    wbUpstreamOverride: emu.url,
  });
  coordinator = await createPostgresCoordinator({ connectionString: tdb.url, namespace: 'e2e' });
  cacheDir = mkdtempSync(path.join(tmpdir(), 'proxy-e2e-cache-'));
  proxy = await startProxyServer(
    {
      config: {
        NODE_ENV: 'test',
        APP_DOMAIN: DOMAIN,
        PUBLIC_SCHEME: 'http',
        PROXY_PORT: proxyPort,
        ADMIN_PORT: admin.port,
        WB_UPSTREAM_OVERRIDE: emu.url,
        TRUSTED_PROXY_HOPS: 0,
        APP_ENCRYPTION_KEY: encryptionKeyringSchema.parse(secrets.APP_ENCRYPTION_KEY),
        INTERNAL_API_SECRET: secrets.INTERNAL_API_SECRET,
        JWT_ACCESS_SECRET: secrets.JWT_ACCESS_SECRET,
        PROXY_UPSTREAM_CONNECT_TIMEOUT_MS: 5_000,
        PROXY_UPSTREAM_HEADERS_TIMEOUT_MS: 30_000,
        PROXY_UPSTREAM_BODY_TIMEOUT_MS: 30_000,
        PROXY_MAX_BUFFERED_BYTES: 64 * 1024 * 1024,
        PROXY_CACHE_MAX_BYTES: 64 * 1024 * 1024,
        PROXY_SESSION_CACHE_MS: 30_000,
        adminInternalUrl: admin.url,
        cacheDir,
      },
      db: tdb.connect('app'),
      coordinator,
      logger: createLogger({ service: 'proxy', level: 'warn' }),
      // No filter passed: the production nmId filter, as in the proxy process.
    },
    { port: proxyPort, hostname: '127.0.0.1' },
  );
  base = `http://wb-seller.${DOMAIN}:${proxyPort}`;

  // An admin adds the account with the WB session (checked live through the proxy), a manager works in it.
  const wb = emu.emulator.accounts()[0]!;
  accountId = await createAccountAsAdmin({
    admin,
    appDomain: DOMAIN,
    bootstrap,
    password: PASSWORD,
    account: wb,
  });
  const managers = {
    a: await createManager('manager-a@example.com'),
    b: await createManager('manager-b@example.com'),
  };
  allNms = emu.emulator.world.data[0]!.account.cards.map((c) => c.nmID);
  const nm = (i: number) => allNms[i]!;
  // Thirds of the articles, and each manager wholly holds a supply (a supply shows only then): the supply
  // pages and their CSV exports carry rows for both.
  const portal = createPortalClient(emu.url);
  portal.useCredentials(wb.portal);
  const supplies = (
    await portal.rpc<{ data: Array<{ nmIDs: number[] }> }>(
      'https://seller-supply.wildberries.ru/ns/sm-supply/supply-manager/api/v1/supply/listSupplies',
      undefined,
      { pageSize: 1000 },
    )
  ).data;
  // Two supplies without a common article: one wholly each manager's.
  const pair = supplies
    .flatMap((x, i) => supplies.slice(i + 1).map((y) => [x, y] as const))
    .filter(([x, y]) => x.nmIDs.every((nm) => !y.nmIDs.includes(nm)))
    .sort(([x1, y1], [x2, y2]) => x1.nmIDs.length + y1.nmIDs.length - x2.nmIDs.length - y2.nmIDs.length)[0];
  expect(pair, 'two supplies without a common article').toBeDefined();
  const [supplyA, supplyB] = pair!;
  const a = new Set([
    ...allNms.filter((_, i) => i % 3 === 0 && !supplyB.nmIDs.includes(nm(i))),
    ...supplyA.nmIDs,
  ]);
  const b = new Set(
    [...allNms.filter((_, i) => i % 3 === 1), ...supplyB.nmIDs].filter(
      (x) => !supplyA.nmIDs.includes(x) && !a.has(x),
    ),
  );
  const sets = { a: [...a], b: [...b] };
  expect(a.size + b.size).toBeLessThan(allNms.length);
  for (const month of [monthBack(0), monthBack(1), monthBack(2)]) {
    for (const who of ['a', 'b'] as const) {
      await addAssignments(bootstrap, { accountId, userId: managers[who], month, nmIds: sets[who] });
    }
  }
  for (const who of ['a', 'b'] as const) people[who] = { id: managers[who], nms: new Set(sets[who]) };

  browser = await launchPortalChromium(base);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close(1_000);
  await admin?.stop();
  await coordinator?.close();
  await emu?.close();
  await tdb?.drop();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
}, 60_000);

async function createManager(email: string): Promise<string> {
  const user = await createUser(bootstrap, {
    email,
    name: email.split('@')[0]!,
    password_hash: await hashPassword(PASSWORD),
    current_account_id: accountId,
  });
  await grantRoles(bootstrap, user.id, ['MANAGER']);
  return user.id;
}

/** `YYYY-MM-01` of the Moscow month `back` months before now. */
function monthBack(back: number): string {
  const [y, m] = moscowMonthStart(new Date()).split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 10);
}

interface Seen {
  url: string;
  bytes: Buffer;
}

/** One manager's browser: every response body and download it received. */
interface Session {
  context: BrowserContext;
  page: Page;
  received: Seen[];
  failures: string[];
}

async function open(email: string): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: 'ru-RU',
    acceptDownloads: true,
  });
  const received: Seen[] = [];
  const failures: string[] = [];
  context.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    r.body().then(
      (bytes) => received.push({ url: r.url(), bytes }),
      () => undefined,
    );
  });
  context.on('requestfailed', (r) =>
    failures.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`),
  );
  const page = await context.newPage();
  // The notifications socket's frames are scanned like every body.
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) =>
      received.push({ url: `websocket:${ws.url()}`, bytes: Buffer.from(f.payload) }),
    ),
  );
  page.on('download', (d) => {
    d.path().then(
      (p) => received.push({ url: `download:${d.suggestedFilename()}`, bytes: readFileSync(p) }),
      () => undefined,
    );
  });
  await page.goto(`${base}/`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('button[type="submit"]');
  const session = { context, page, received, failures };
  await ready(session, 'dashboard');
  return session;
}

async function ready(s: Session, id: string): Promise<void> {
  try {
    await s.page.waitForSelector(`section[data-page="${id}"][data-ready="true"]`, { timeout: 20_000 });
  } catch (err) {
    const main = await s.page
      .locator('#main')
      .innerText()
      .catch(() => '');
    throw new Error(
      `${(err as Error).message}\npage ${s.page.url()} shows: ${main.slice(0, 800)}\nfailures: ${s.failures.join('; ')}`,
      { cause: err },
    );
  }
}

async function download(s: Session, action: string): Promise<Buffer> {
  const [d] = await Promise.all([
    s.page.waitForEvent('download', { timeout: 20_000 }),
    s.page.click(`[data-action="${action}"]`),
  ]);
  const bytes = readFileSync(await d.path());
  expect(bytes.length, action).toBeGreaterThan(0);
  return bytes;
}

const PAGES = [
  'orders',
  'stocks',
  'supplies',
  'analytics',
  'feedbacks',
  'questions',
  'prices',
  'reports',
  'balance',
];

/** Every page and every export of the portal, as a manager clicks through them. */
async function clickThrough(s: Session): Promise<string[]> {
  const files: string[] = [];
  const exports: Record<string, string[]> = {
    orders: ['export-csv'],
    stocks: ['export-xlsx'],
    prices: ['export-prices'],
    analytics: ['export-base64', 'export-zip'],
  };
  for (const id of PAGES) {
    await s.page.click(`a[data-menu="${id}"]`);
    await ready(s, id);
    for (const action of exports[id] ?? []) {
      await download(s, action);
      files.push(action);
    }
    if (id === 'supplies' && (await s.page.locator('[data-action="supply-csv"]').count()) > 0) {
      await download(s, 'supply-csv');
      files.push('supply-csv');
    }
  }
  await s.page.click('a[data-menu="reports"]');
  await ready(s, 'reports');
  await s.page.click('a[data-report]');
  await s.page.waitForSelector('table[data-table="report-details"]');
  for (const action of ['download-archive', 'download-zip', 'download-xlsx']) {
    await download(s, action);
    files.push(action);
  }
  const [cmp] = await Promise.all([s.context.waitForEvent('page'), s.page.click('a[data-menu="advert"]')]);
  await cmp.waitForSelector('main[data-ready="true"]', { timeout: 20_000 });
  await cmp.close();
  return files;
}

/** The manager's own articles that appeared, after checking no other article of the account did. */
async function scan(who: 'a' | 'b', s: Session): Promise<Set<number>> {
  await new Promise((resolve) => setTimeout(resolve, 300)); // bodies still being read
  const hidden = allNms.filter((nm) => !people[who].nms.has(nm));
  const own = new Set<number>();
  for (const r of s.received) {
    expect(leakedNmIds(r.bytes, hidden), r.url).toEqual([]);
    for (const nm of leakedNmIds(r.bytes, people[who].nms)) own.add(nm);
  }
  return own;
}

const sessions: Partial<Record<'a' | 'b', Session>> = {};
const seen: Partial<Record<'a' | 'b', Set<number>>> = {};

describe('managers in the WB portal through the filtering proxy, in Chromium', () => {
  it.each([
    ['a', 'manager-a@example.com'],
    ['b', 'manager-b@example.com'],
  ] as const)(
    'manager %s clicks through every page and export and receives only their own articles',
    async (who, email) => {
      const s = await open(email);
      sessions[who] = s;
      const files = await clickThrough(s);
      expect(files.length).toBeGreaterThanOrEqual(8);
      const downloads = s.received.filter((r) => r.url.startsWith('download:'));
      expect(downloads.length).toBeGreaterThanOrEqual(files.length);
      const own = await scan(who, s);
      expect(own.size).toBeGreaterThan(0);
      // The downloads themselves carry the manager's rows (they were filtered, not emptied or refused).
      expect(downloads.some((d) => leakedNmIds(d.bytes, people[who].nms).length > 0)).toBe(true);
      seen[who] = own;
      // Nothing refused or broken: the notifications event stream and socket are filtered, not refused.
      expect(s.failures).toEqual([]);
      // The live channels work for the manager (the portal's own checks) and carry no cabinet-wide count.
      await s.page.click('a[data-menu="diagnostics"]');
      await ready(s, 'diagnostics');
      const state = (name: string) =>
        s.page.locator(`[data-check="${name}"]`).getAttribute('data-state', { timeout: 5_000 });
      await expect.poll(() => state('websocket'), { timeout: 20_000 }).toBe('ok');
      await expect.poll(() => state('eventsource'), { timeout: 20_000 }).toBe('ok');
      const frames = s.received.filter((r) => r.url.startsWith('websocket:'));
      expect(frames.length).toBeGreaterThan(0);
      for (const f of frames) expect(f.bytes.toString('utf8')).not.toMatch(/unanswered|unreadNotifications/);
      expect(await s.page.locator('[data-check="eventsource"] .detail').textContent()).not.toMatch(
        /unanswered|unreadNotifications/,
      );
      expect(s.received.length).toBeGreaterThan(30);
    },
    180_000,
  );

  it('the two managers saw disjoint sets of articles', () => {
    expect(seen.a?.size).toBeGreaterThan(0);
    expect(seen.b?.size).toBeGreaterThan(0);
    expect([...seen.a!].filter((nm) => seen.b!.has(nm))).toEqual([]);
  });

  it('an assignment change shows on the next page load', async () => {
    const a = sessions.a!;
    const b = sessions.b!;
    const moved = [...people.b.nms][0]!;
    const month = monthBack(0);
    await removeAssignments(bootstrap, { accountId, userId: people.b.id, month, nmIds: [moved] });
    await addAssignments(bootstrap, { accountId, userId: people.a.id, month, nmIds: [moved] });
    await publishEvent(coordinator, 'assignments.changed', {
      accountId,
      month,
      userIds: [people.a.id, people.b.id],
    });
    people.b.nms.delete(moved);
    people.a.nms.add(moved);
    const loadPrices = async (s: Session) => {
      s.received.length = 0;
      await s.page.click('a[data-menu="stocks"]');
      await ready(s, 'stocks');
      await s.page.click('a[data-menu="prices"]');
      await ready(s, 'prices');
      await new Promise((resolve) => setTimeout(resolve, 300));
      return s.received.some((r) => leakedNmIds(r.bytes, [moved]).length > 0);
    };
    await expect.poll(() => loadPrices(a), { timeout: 15_000, interval: 200 }).toBe(true);
    expect(await loadPrices(b)).toBe(false);
    await scan('a', a);
    await scan('b', b);
  }, 60_000);
});
