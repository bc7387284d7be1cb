import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@joycity/shared/config';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountCredentials } from '../../runtime/emulator.ts';
import { startEmulator, type RunningEmulator } from '../../start-emulator.ts';

/**
 * A person's walk through the emulated portal in Chromium, browsed directly over plain http on the emulator's
 * port (`*.wildberries.ru`, `*.wbbasket.ru` and `*.wb.ru` mapped to 127.0.0.1): phone + SMS login, every page of
 * the shell, the advertising cabinet, exports, the forms, and the status panel of browser patterns.
 */

const ARTIFACTS = path.join(
  process.env.TEST_ARTIFACTS_DIR ?? path.join(REPO_ROOT, 'artifacts'),
  'wb-emulator-portal',
);

let emu: RunningEmulator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let account: AccountCredentials;
let shell: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  emu = await startEmulator({ seed: 42, accounts: 2, days: 30, now: '2026-11-20T12:00:00Z' });
  account = emu.emulator.accounts()[0] as AccountCredentials;
  shell = `http://seller.wildberries.ru:${emu.port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--host-resolver-rules=MAP *.wildberries.ru 127.0.0.1, MAP *.wbbasket.ru 127.0.0.1, MAP *.wb.ru 127.0.0.1',
      // Plain http is not a secure context; this lets the service-worker registration really happen.
      `--unsafely-treat-insecure-origin-as-secure=${shell}`,
    ],
  });
  context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: 'ru-RU',
    acceptDownloads: true,
  });
  page = await context.newPage();
  context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

async function shot(name: string, p: Page = page): Promise<void> {
  await p.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens a section from the sidebar and waits until it rendered its data. */
async function open(menu: string, table?: string): Promise<void> {
  await page.click(`a[data-menu="${menu}"]`);
  await page.waitForSelector(`section[data-page="${menu}"][data-ready="true"]`);
  if (table)
    expect(
      await page.locator(`table[data-table="${table}"] tbody tr`).count(),
      `${menu}: rows`,
    ).toBeGreaterThan(0);
  await shot(menu);
}

async function download(action: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-action="${action}"]`)]);
  return file.suggestedFilename();
}

describe('the portal in Chromium', () => {
  it('logs in with phone and SMS code through seller-auth and lands on the dashboard', async () => {
    await page.goto(`${shell}/`);
    expect(new URL(page.url()).host).toBe(`seller-auth.wildberries.ru:${emu.port}`);
    await shot('login');
    await page.fill('input[name="phone"]', account.portal.phone);
    await page.click('form[data-step="phone"] button[type="submit"]');
    await page.fill('input[name="code"]', account.portal.smsCode);
    await page.click('form[data-step="code"] button[type="submit"]');
    await page.waitForSelector('section[data-page="dashboard"][data-ready="true"]');
    expect(new URL(page.url()).host).toBe(`seller.wildberries.ru:${emu.port}`);
    expect(await page.locator('table[data-table="top-products"] tbody tr').count()).toBe(5);
    // The page's own code runs in the browser; these expressions are evaluated there.
    expect(await page.evaluate("localStorage.getItem('wb-eu-passport-v2.access-token')")).toMatch(/^ey/);
    await shot('dashboard');
  });

  it('shows orders, exports them as CSV (counted in the Web Worker)', async () => {
    await open('orders', 'orders');
    const total = Number(await page.getAttribute('[data-pager]', 'data-pager'));
    expect(total).toBeGreaterThan(20);
    await page.click('[data-next]');
    await expect.poll(() => page.locator('[data-pager]').textContent()).toMatch(/^21/);
    expect(await download('export-csv')).toMatch(/\.csv$/);
    await page.waitForSelector('[data-export-rows]');
    expect(Number(await page.getAttribute('[data-export-rows]', 'data-export-rows'))).toBe(total);
  });

  it('shows stocks, supplies (with a JSON-RPC batch of details), analytics, reviews, questions and prices', async () => {
    await open('stocks', 'stocks');
    expect(await download('export-xlsx')).toMatch(/\.xlsx$/);
    await open('supplies', 'supplies');
    await page.click('[data-action="supply-open"]');
    expect(await page.locator('table[data-table="supply-details"] tbody tr').count()).toBeGreaterThan(0);
    await open('analytics', 'goods');
    expect(await page.locator('table[data-table="regions"] tbody tr').count()).toBeGreaterThan(0);
    expect(await download('export-base64')).toMatch(/\.xlsx$/);
    expect(await download('export-zip')).toMatch(/\.zip$/);
    await open('feedbacks');
    expect(await page.locator('[data-feedback]').count()).toBe(10);
    await page.click('[data-action="more"]');
    await expect.poll(() => page.locator('[data-feedback]').count()).toBeGreaterThan(10);
    await open('questions', 'questions');
    await open('prices', 'prices');
    expect(await download('export-prices')).toMatch(/\.xlsx$/);
  });

  it('posts the report form to seller-services and comes back; opens a report, downloads it, opens it in a new window', async () => {
    await open('reports', 'reports');
    await page.click('form[data-form="request-report"] button[type="submit"]');
    await page.waitForURL(/requested=1/);
    await page.waitForSelector('section[data-page="reports"][data-ready="true"]');
    await page.click('a[data-report]');
    await page.waitForSelector(
      'section[data-page="reports"][data-ready="true"] table[data-table="report-details"]',
    );
    await shot('report-details');
    expect(await download('download-archive')).toMatch(/\.zip$/);
    expect(await download('download-zip')).toMatch(/\.zip$/);
    expect(await download('download-xlsx')).toMatch(/\.xlsx$/);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.click('[data-action="open-window"]'),
    ]);
    await popup.waitForSelector('table[data-table="report-details"]');
    await shot('report-window', popup);
    await popup.close();
  });

  it('shows the balance and the sensitive settings pages', async () => {
    await open('balance', 'payouts');
    await open('tokens', 'tokens');
    await open('users', 'users');
    await open('requisites', 'bank-accounts');
    await open('suppliers', 'suppliers');
    expect(await page.locator('table[data-table="suppliers"] tbody tr').count()).toBe(2);
  });

  it('opens the advertising cabinet (cmp, another SPA on another host) from its link', async () => {
    const [cmp] = await Promise.all([context.waitForEvent('page'), page.click('a[data-menu="advert"]')]);
    await cmp.waitForSelector('main[data-ready="true"] table[data-table="campaigns"]');
    expect(new URL(cmp.url()).host).toBe(`cmp.wildberries.ru:${emu.port}`);
    await cmp.click('a[data-campaign]');
    await cmp.waitForSelector('main[data-ready="true"] table[data-table="campaign-nms"]');
    expect(await cmp.locator('[data-chart="views"] > div').count()).toBe(30);
    await shot('cmp-campaign', cmp);
    await cmp.click('a[data-link][href="/campaigns/list/all"]');
    await cmp.waitForSelector('main[data-ready="true"] table[data-table="campaigns"]');
    await shot('cmp-list', cmp);
    await cmp.click('#to-portal');
    await cmp.waitForSelector('section[data-page="dashboard"][data-ready="true"]');
    await cmp.close();
  });

  it('worked every browser pattern: fetch, XHR, WebSocket, EventSource, beacon, worker, postMessage, service worker, import(), CSS url(), srcset, form post, window.open', async () => {
    await open('diagnostics');
    const expected = [
      'fetch',
      'xhr',
      'websocket',
      'eventsource',
      'beacon',
      'worker',
      'postMessage',
      'serviceWorker',
      'dynamicImport',
      'cssUrl',
      'srcset',
      'formPost',
      'windowOpen',
      'sellerLk',
      'upgradeCookie',
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
        { timeout: 10_000 },
      )
      .toBe(expected.length)
      .catch(() => undefined);
    const final = await states();
    await shot('diagnostics');
    for (const name of expected) expect(final[name], name).toMatch(/^ok:/);
    expect(pageErrors).toEqual([]);
  });
});
