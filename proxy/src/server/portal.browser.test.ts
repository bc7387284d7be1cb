import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createUser, grantRoles, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { encryptionKeyringSchema } from '@joycity/shared/config';
import { createPostgresCoordinator, type Coordinator } from '@joycity/shared/coordination';
import { hashPassword } from '@joycity/shared/crypto';
import { createInternalApiClient } from '@joycity/shared/internal-api';
import { createLogger } from '@joycity/shared/logger';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountAsAdmin, freePort, startAdminProcess } from '../../test/admin-process.ts';
import { NO_FILTERING } from '../pipeline/extension.ts';
import { startProxyServer, type RunningProxy } from './proxy-server.ts';
import { launchPortalChromium } from '../../test/browser.ts';

/**
 * End to end, in Chromium: a manager logs in at the real admin (API + UI process), is sent back to the proxy,
 * and works in the emulated WB portal through it. Every request the browser makes must go to one of our
 * hosts; WB's names resolve to 127.0.0.1 too, where nothing listens on the proxy's port, and any request to
 * them is recorded as a leak.
 */
const DOMAIN = 'joycity.test';
const PASSWORD = 'correct horse battery';
const ARTIFACTS = path.join(
  process.env.TEST_ARTIFACTS_DIR ?? path.join(import.meta.dirname, '../../artifacts'),
  'proxy-transport-portal',
);

let tdb: TestDatabase;
let bootstrap: Database;
let emu: RunningEmulator;
let admin: Awaited<ReturnType<typeof startAdminProcess>>;
let proxy: RunningProxy;
let coordinator: Coordinator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let cacheDir: string;
let accountId: number;
const secrets = {
  APP_ENCRYPTION_KEY: `e2e:${randomBytes(32).toString('base64')}`,
  INTERNAL_API_SECRET: randomBytes(32).toString('base64url'),
  JWT_ACCESS_SECRET: randomBytes(48).toString('base64url'),
  JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
};
const requests: string[] = [];
const leaks: string[] = [];
const bodies: Array<{ url: string; text: string }> = [];
const pageErrors: string[] = [];
/** Answers of 400 and above (printed when a step fails: what the proxy refused). */
const failures: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tdb = await createTestDatabase();
  bootstrap = tdb.connect('bootstrap');
  emu = await startEmulator({ seed: 42, accounts: 2, days: 30, now: '2026-11-20T12:00:00Z' });
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
      // The transport alone: the nmId filter's own e2e is filtered-portal.browser.test.ts.
      filter: NO_FILTERING,
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
  const manager = await createUser(bootstrap, {
    email: 'manager@example.com',
    name: 'Manager',
    password_hash: await hashPassword(PASSWORD),
    current_account_id: accountId,
  });
  await grantRoles(bootstrap, manager.id, ['MANAGER']);

  browser = await launchPortalChromium(base);
  context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ru-RU' });
  context.on('request', (r) => {
    const url = r.url();
    requests.push(url);
    if (
      !/^(?:https?|wss?):\/\/(?:[a-z0-9-]+\.)*joycity\.test(?::\d+)?\//i.test(url) &&
      !url.startsWith('data:') &&
      !url.startsWith('blob:')
    ) {
      leaks.push(url);
    }
  });
  context.on('requestfailed', (r) =>
    failures.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`),
  );
  context.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    const type = r.headers()['content-type'] ?? '';
    if (/text|json|javascript/.test(type)) {
      r.text().then(
        (text) => bodies.push({ url: r.url(), text }),
        () => undefined,
      );
    }
  });
  context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
}, 180_000);

afterAll(async () => {
  if (failures.length) console.log(`answers ≥ 400:\n${failures.join('\n')}`);
  if (pageErrors.length) console.log(`page errors:\n${pageErrors.join('\n')}`);
  await browser?.close();
  await proxy?.close(1_000);
  await admin?.stop();
  await coordinator?.close();
  await emu?.close();
  await tdb?.drop();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
}, 60_000);

const ready = async (id: string) => {
  try {
    await page.waitForSelector(`section[data-page="${id}"][data-ready="true"]`, { timeout: 20_000 });
  } catch (err) {
    // What the page shows instead, for the failure message.
    const main = await page
      .locator('#main')
      .innerText()
      .catch(() => '');
    throw new Error(
      `${(err as Error).message}\npage ${page.url()} shows: ${main.slice(0, 800)}\nfailures: ${failures.join('; ')}`,
      { cause: err },
    );
  }
};

describe('a manager in the WB portal through the proxy, in Chromium', () => {
  it('is sent to the admin login and back, then sees the dashboard', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).host).toBe(`admin.${DOMAIN}:${admin.port}`);
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(`${base}/`);
    await page.fill('input[name="email"]', 'manager@example.com');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await ready('dashboard');
    expect(new URL(page.url()).origin).toBe(base);
    expect(await page.locator('table[data-table="top-products"] tbody tr').count()).toBe(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  }, 60_000);

  it.each([
    ['orders'],
    ['stocks'],
    ['supplies'],
    ['analytics'],
    ['feedbacks'],
    ['questions'],
    ['prices'],
    ['reports'],
    ['balance'],
  ])(
    'renders the %s page with its data',
    async (id) => {
      await page.click(`a[data-menu="${id}"]`);
      await ready(id);
      expect(
        await page
          .locator(`section[data-page="${id}"] table tbody tr, section[data-page="${id}"] [data-feedback]`)
          .count(),
      ).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(ARTIFACTS, `${id}.png`), fullPage: true });
    },
    60_000,
  );

  it('posts the report form across hosts and opens a report in a new window', async () => {
    await page.click('a[data-menu="reports"]');
    await ready('reports');
    await page.click('form[data-form="request-report"] button[type="submit"]');
    await page.waitForURL(/requested=1/);
    expect(new URL(page.url()).origin).toBe(base);
    await ready('reports');
    await page.click('a[data-report]');
    await page.waitForSelector('table[data-table="report-details"]');
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.click('[data-action="open-window"]'),
    ]);
    await popup.waitForSelector('table[data-table="report-details"]');
    await popup.close();
  }, 60_000);

  it('runs every browser pattern (WebSocket, EventSource, worker, postMessage, forms); the service worker is refused', async () => {
    await page.click('a[data-menu="diagnostics"]');
    await ready('diagnostics');
    const expected = [
      'fetch',
      'xhr',
      'websocket',
      'eventsource',
      'beacon',
      'worker',
      'postMessage',
      'dynamicImport',
      'cssUrl',
      'srcset',
      'formPost',
      'windowOpen',
    ];
    const states = async () => {
      const out: Record<string, string> = {};
      for (const el of await page.locator('[data-check]').all())
        out[(await el.getAttribute('data-check')) ?? ''] =
          `${await el.getAttribute('data-state')}: ${await el.locator('.detail').textContent()}`;
      return out;
    };
    await expect
      .poll(
        async () =>
          Object.entries(await states()).filter(([k, v]) => expected.includes(k) && v.startsWith('ok:'))
            .length,
        { timeout: 20_000 },
      )
      .toBe(expected.length)
      .catch(() => undefined);
    const final = await states();
    await page.screenshot({ path: path.join(ARTIFACTS, 'diagnostics.png'), fullPage: true });
    for (const name of expected) expect(final[name], name).toMatch(/^ok:/);
    expect(final.serviceWorker).toMatch(/^refused/);
  }, 60_000);

  it('opens the advertising cabinet on its public host', async () => {
    const [cmp] = await Promise.all([context.waitForEvent('page'), page.click('a[data-menu="advert"]')]);
    await cmp.waitForSelector('main[data-ready="true"] table[data-table="campaigns"]', { timeout: 20_000 });
    expect(new URL(cmp.url()).hostname).toBe(`cmp.wb-seller.${DOMAIN}`);
    await cmp.screenshot({ path: path.join(ARTIFACTS, 'cmp.png'), fullPage: true });
    await cmp.close();
  }, 60_000);

  it.each([
    ['/supplier-settings/access-to-api'],
    ['/supplier-settings/users'],
    ['/supplier-settings/requisites'],
    ['/suppliers'],
    ['/logout'],
  ])('refuses %s with our page', async (p) => {
    const res = await page.goto(`${base}${p}`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('[data-joycity-page="blocked"]').count()).toBe(1);
  });

  it('leaves no WB credential where page JS or any response could see it, and nothing went to WB', async () => {
    await page.goto(`${base}/`);
    await ready('dashboard');
    // Evaluated in the page (a string: this file has no DOM types).
    const visible = await page.evaluate<{ cookie: string; storage: string }>(
      '({ cookie: document.cookie, storage: JSON.stringify(Object.fromEntries(Object.entries(localStorage))) })',
    );
    const internal = createInternalApiClient({
      baseUrl: admin.url,
      secret: secrets.INTERNAL_API_SECRET,
      clientName: 'test',
    });
    const session = await internal.getPortalSession(accountId);
    const wb = emu.emulator.accounts()[0]!;
    const credentials = [
      wb.portal.authorizev3,
      wb.portal.cookies['wbx-validation-key']!,
      wb.portal.refreshCookie['wbx-refresh']!,
      session.cookies.WBTokenV3!,
      session.authorizev3!,
      ...Object.values(session.tokens ?? {}).map((t) => t.value),
    ].filter(Boolean);
    expect(credentials.length).toBeGreaterThanOrEqual(5);
    for (const secret of credentials) {
      expect(visible.cookie).not.toContain(secret);
      expect(visible.storage).not.toContain(secret);
      for (const b of bodies) expect(b.text.includes(secret), b.url).toBe(false);
    }
    expect(bodies.length).toBeGreaterThan(20);
    expect(requests.length).toBeGreaterThan(50);
    expect(leaks).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
