import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser, grantRoles, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { hashPassword } from '@joycity/shared/crypto';
import { encodeApiKeyForTests } from '@joycity/shared/wb';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, bmp, launchChromium, startAdmin, type AdminServer } from './server.ts';

/**
 * The admin in a real browser: the production build on our server, real PostgreSQL, s3rver as S3, Debian's
 * Chromium. One server and one browser for the whole file; screenshots go to artifacts/e2e/.
 */

let tdb: TestDatabase;
let db: Database;
let server: AdminServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let emu: RunningEmulator;
const PASSWORD = 'correct horse battery staple';

const shot = (name: string, target: Page = page) =>
  target.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function login(target: Page, email: string) {
  await target.goto(`${server.origin}/login`);
  await target.fill('input[name=email]', email);
  await target.fill('input[name=password]', PASSWORD);
  await target.click('button[type=submit]');
  await target.waitForURL((url) => !url.pathname.startsWith('/login'));
}

function apiKey(claims: Record<string, unknown> = {}) {
  return encodeApiKeyForTests({
    exp: Math.floor(Date.now() / 1000) + 200 * 86_400,
    id: randomUUID(),
    sid: randomUUID(),
    oid: 1_000_000 + Math.floor(Math.random() * 1_000_000),
    s: 2 ** 1 + 2 ** 5 + 2 ** 13,
    acc: 3,
    ...claims,
  });
}

async function xlsx(rows: Array<[string, number | string]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Назначения');
  sheet.addRow(['Email', 'Артикул WB']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  tdb = await createTestDatabase();
  db = tdb.connect('bootstrap');
  const admin = await createUser(db, {
    email: 'admin@example.com',
    name: 'Анна Админова',
    password_hash: await hashPassword(PASSWORD),
  });
  await grantRoles(db, admin.id, ['ADMIN']);
  for (const [email, name] of [
    ['ivan@example.com', 'Иван Менеджеров'],
    ['olga@example.com', 'Ольга Продажина'],
  ] as const) {
    const user = await createUser(db, { email, name, password_hash: await hashPassword(PASSWORD) });
    await grantRoles(db, user.id, ['MANAGER']);
  }
  emu = await startEmulator({ seed: 7, accounts: 1, days: 3, cards: 3 });
  server = await startAdmin(tdb.url, { wbUpstream: emu.url });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await emu?.close();
  await tdb?.drop();
});

describe('admin in the browser', { timeout: 90_000 }, () => {
  it('signs in, creates a user and uploads an avatar (cropped to 512×512 JPEG, stored in S3)', async () => {
    await page.goto(server.origin);
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot('01-login');
    await login(page, 'admin@example.com');
    await page.goto(`${server.origin}/users`);
    await page.getByRole('button', { name: 'Новый пользователь' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Имя').fill('Пётр Новиков');
    await dialog.getByLabel('Почта').fill('petr@example.com');
    await dialog.getByLabel('Пароль').fill('a very long password 1');
    await dialog.getByLabel('Менеджер', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Создать' }).click();
    const row = page.getByTestId('user-row').filter({ hasText: 'petr@example.com' });
    await expect.poll(() => row.count()).toBe(1);

    await row.getByRole('button', { name: /Действия/ }).click();
    await page.getByRole('menuitem', { name: 'Аватар' }).click();
    await page
      .getByTestId('avatar-file')
      .setInputFiles({ name: 'photo.bmp', mimeType: 'image/bmp', buffer: bmp(900, 600) });
    await page.getByRole('dialog').getByRole('button', { name: 'Сохранить' }).click();
    const img = row.locator('img[src^="/api/avatars/"]');
    await expect.poll(() => img.count(), { timeout: 15_000 }).toBe(1);
    const size = await img.evaluate(async (el: HTMLImageElement) => {
      const res = await fetch(el.src);
      const blob = await res.blob();
      const bitmap = await createImageBitmap(blob);
      return {
        width: bitmap.width,
        height: bitmap.height,
        type: blob.type,
        cache: res.headers.get('cache-control'),
      };
    });
    expect(size).toEqual({
      width: 512,
      height: 512,
      type: 'image/jpeg',
      cache: 'private, max-age=31536000, immutable',
    });
    await shot('02-users-with-avatar');
  });

  it('refuses an account with bad credentials, naming each problem, then creates one with good ones', async () => {
    await page.goto(`${server.origin}/accounts`);
    await page.getByRole('button', { name: 'Новый кабинет' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Название').fill('ООО Ромашка');
    await dialog.getByLabel('ИНН').fill('7707083893');
    await dialog.getByLabel('API-ключ WB').fill(apiKey({ t: true, s: 2 ** 5 }));
    await dialog.getByLabel('Сеанс личного кабинета').fill('WBTokenV3=abc; x-supplier-id-external=def');
    await dialog.getByRole('button', { name: 'Проверить и создать' }).click();
    const failures = page.getByTestId('credential-failures');
    await expect.poll(() => failures.textContent()).toContain('тестовый ключ');
    expect(await failures.textContent()).toContain('Финансы');
    await shot('03-account-invalid');

    // A key WB (the emulator) accepts: decoded, then checked live with one /ping.
    await dialog.getByLabel('API-ключ WB').fill(emu.emulator.key(1).token);
    await dialog.getByRole('button', { name: 'Проверить и создать' }).click();
    await expect.poll(() => page.getByTestId('account-card').count()).toBe(1);
    expect(await page.getByTestId('account-card').textContent()).toContain('7707083893');
    await shot('04-account-created');
    const account = await db.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('wb_cards')
      .values(
        [1001, 1002, 1003, 1004, 1005].map((nm_id) => ({
          account_id: account.id,
          nm_id,
          title: `Товар ${nm_id}`,
          raw: '{}',
        })),
      )
      .execute();
  });

  it('imports an Excel file with errors, then the corrected file, and applies it', async () => {
    const month = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Moscow',
      year: 'numeric',
      month: '2-digit',
    })
      .format(new Date())
      .slice(0, 7);
    await page.goto(`${server.origin}/assignments?month=${month}`);
    await page.getByRole('button', { name: 'Импорт из Excel' }).click();
    const upload = page.getByTestId('import-file');
    await upload.setInputFiles({
      name: 'bad.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx([
        ['ivan@example.com', 1001],
        ['nobody@example.com', 1002],
        ['olga@example.com', 'abc'],
        ['olga@example.com', 9999],
        ['ivan@example.com', 1003],
        ['olga@example.com', 1003],
      ]),
    });
    const summary = page.getByTestId('import-summary');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain('С ошибками: 5');
    expect(await page.locator('[data-verdict=unknown_user]').count()).toBe(1);
    expect(await page.locator('[data-verdict=malformed]').count()).toBe(1);
    expect(await page.locator('[data-verdict=unknown_nm]').count()).toBe(1);
    expect(await page.locator('[data-verdict=conflict_in_file]').count()).toBe(2);
    await shot('05-import-errors');

    await upload.setInputFiles({
      name: 'fixed.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx([
        ['ivan@example.com', 1001],
        ['ivan@example.com', 1003],
        ['olga@example.com', 1002],
        ['olga@example.com', 1004],
      ]),
    });
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain('С ошибками: 0');
    await page.getByRole('button', { name: /Применить/ }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Применено: 4' }).count()).toBe(1);
    await shot('06-import-applied');
    await page.getByRole('button', { name: 'Закрыть' }).first().click();
    const ivan = page.getByTestId('manager-row').filter({ hasText: 'ivan@example.com' });
    await expect.poll(() => ivan.textContent()).toContain('1003');
    const rows = await db.selectFrom('assignments').select(['nm_id']).orderBy('nm_id').execute();
    expect(rows.map((r) => r.nm_id)).toEqual([1001, 1002, 1003, 1004]);
    await shot('07-assignments');
  });

  it('switches between Russian and English and between light and dark, remembered across reloads', async () => {
    await page.goto(`${server.origin}/sessions`);
    expect(await page.locator('h1').textContent()).toBe('Мои сеансы');
    await page.getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('My sessions');
    await page.getByRole('button', { name: 'Dark' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.waitForTimeout(300);
    await page.reload();
    // Rendered by the server from the first byte: no flash of the wrong theme or language.
    const html = await page.evaluate(async () => (await fetch('/sessions')).text());
    expect(html).toContain('data-theme="dark"');
    expect(html).toContain('lang="en"');
    expect(await page.locator('h1').textContent()).toBe('My sessions');
    await shot('08-english-dark');
    await page.getByRole('button', { name: 'Light' }).click();
    await page.getByRole('button', { name: 'RU' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Мои сеансы');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await shot('09-russian-light');
  });

  it('links to Swagger UI, which renders from local assets (no CDN)', async () => {
    await page.goto(`${server.origin}/sessions`);
    const link = page.getByRole('link', { name: /Swagger/ });
    expect(await link.getAttribute('href')).toBe('/api/swagger-ui');
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.origin)) external.push(r.url());
    });
    await page.goto(`${server.origin}/api/swagger-ui`);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 20_000 }).toBeGreaterThan(20);
    expect(external).toEqual([]);
    await shot('12-swagger');
  });

  it('revokes another session, which is refused on its next request', async () => {
    const other = await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0' });
    const otherPage = await other.newPage();
    await login(otherPage, 'admin@example.com');
    const me = () =>
      otherPage.evaluate(async () => {
        const res = await fetch('/api/auth/me');
        return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
      });
    expect((await me()).status).toBe(200);

    await page.goto(`${server.origin}/sessions`);
    const row = page.getByTestId('session-row').filter({ hasText: 'Firefox' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Завершить' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Завершить' }).click();
    await expect.poll(() => row.count()).toBe(0);
    await shot('10-session-revoked');

    const refused = await me();
    expect(refused.status).toBe(401);
    // The first request after the revocation is answered SESSION_REVOKED and clears the cookies; if the page
    // made a request of its own first, ours already arrives without them.
    expect(['SESSION_REVOKED', 'AUTH_REQUIRED']).toContain(refused.body.error?.code);
    await otherPage.goto(`${server.origin}/users`);
    expect(new URL(otherPage.url()).pathname).toBe('/login');
    await shot('11-revoked-session-sent-to-login', otherPage);
    await other.close();
  });
});
