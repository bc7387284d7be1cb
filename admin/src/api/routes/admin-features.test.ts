import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { recordRouteObservation, type Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import { subscribeEvent } from '@joycity/shared/coordination';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  makeUser,
  setupDatabase,
  startInstance,
  testConfig,
  wbApiKey,
  wbPortalSession,
  type ApiInstance,
} from '../../../test/harness.ts';
import { createLocalAvatarStore } from '../storage/avatar-store.ts';

let tdb: TestDatabase;
let bootstrap: Database;
let api: ApiInstance;
let admin: Browser;
let accountId: number;
let anna: string;
let boris: string;
let avatarDir: string;

beforeAll(async () => {
  const setup = await setupDatabase();
  tdb = setup.tdb;
  bootstrap = setup.bootstrap;
  avatarDir = await mkdtemp(path.join(tmpdir(), 'avatars-'));
  api = await startInstance({
    tdb,
    config: testConfig(),
    kind: 'redis',
    namespace: setup.namespace,
    avatarStore: createLocalAvatarStore(avatarDir),
  });
  await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] });
  anna = (await makeUser(bootstrap, { email: 'anna@example.com', name: 'Anna', roles: ['MANAGER'] })).id;
  boris = (await makeUser(bootstrap, { email: 'boris@example.com', name: 'Boris', roles: ['MANAGER'] })).id;
  admin = new Browser(api.app);
  expect((await admin.login('admin@example.com')).status).toBe(200);
  const created = await admin.request('POST', '/api/accounts', {
    json: {
      name: 'ООО Тест',
      inn: '7707083893',
      apiKey: wbApiKey(randomUUID()),
      portalSession: wbPortalSession(),
    },
  });
  expect(created.status).toBe(201);
  accountId = (await body<{ account: { id: number } }>(created)).account.id;
  await bootstrap
    .insertInto('wb_cards')
    .values(
      [101, 102, 103, 104].map((nm_id) => ({
        account_id: accountId,
        nm_id,
        title: `Card ${nm_id}`,
        raw: '{}',
      })),
    )
    .execute();
});
afterAll(async () => {
  await api.close();
  await tdb.drop();
  await rm(avatarDir, { recursive: true, force: true });
});

async function workbook(rows: Array<[unknown, unknown]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('S');
  sheet.addRow(['Email', 'nmId']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(file: Buffer, mode = 'add') {
  const headers = new Headers({
    cookie: admin.cookieHeader(),
    origin: admin.origin!,
    'x-csrf-token': admin.jar.get('jc_csrf')!,
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  return api.app.fetch(
    new Request(
      `http://admin.joycity.test:3000/api/assignments/imports?accountId=${accountId}&month=2026-11&mode=${mode}`,
      {
        method: 'POST',
        headers,
        body: new Uint8Array(file),
      },
    ),
  );
}

describe('API key claims are checked before saving', () => {
  it('refuses a test key and one without finance, each with its own code', async () => {
    const res = await admin.request('POST', '/api/accounts', {
      json: {
        name: 'Bad',
        inn: '500100732259',
        apiKey: wbApiKey(randomUUID(), { t: true, s: 2 ** 5 }),
        portalSession: wbPortalSession(),
      },
    });
    expect(res.status).toBe(422);
    const err = (await body<{ error: { code: string; details: { failures: Array<{ code: string }> } } }>(res))
      .error;
    expect(err.code).toBe('CREDENTIAL_CHECK_FAILED');
    expect(err.details.failures.map((f) => f.code).sort()).toEqual([
      'API_KEY_MISSING_CATEGORY',
      'API_KEY_TEST',
    ]);
  });
});

describe('assignments', () => {
  it('adds by hand, refuses unknown nmIds and conflicts, and publishes assignments.changed', async () => {
    const events: unknown[] = [];
    const unsubscribe = await subscribeEvent(api.coordinator, 'assignments.changed', (e) => events.push(e));
    const ok = await admin.request('POST', '/api/assignments/add', {
      json: { accountId, month: '2026-11', userId: anna, nmIds: [101, 102] },
    });
    expect(ok.status).toBe(200);
    const refused = await admin.request('POST', '/api/assignments/add', {
      json: { accountId, month: '2026-11', userId: boris, nmIds: [102, 999] },
    });
    expect(refused.status).toBe(422);
    const details = (await body<{ error: { details: { unknown: number[]; conflicts: unknown[] } } }>(refused))
      .error.details;
    expect(details.unknown).toEqual([999]);
    expect(details.conflicts).toEqual([{ nmId: 102, heldBy: 'anna@example.com' }]);
    await expect.poll(() => events.length).toBeGreaterThan(0);
    expect(events[0]).toEqual({ accountId, month: '2026-11-01', userIds: [anna] });
    await unsubscribe();

    const summary = await body<{
      total: number;
      managers: Array<{ email: string; count: number; sample: Array<{ title: string }> }>;
    }>(await admin.request('GET', `/api/assignments?accountId=${accountId}&month=2026-11`));
    expect(summary.total).toBe(2);
    expect(summary.managers.find((m) => m.email === 'anna@example.com')).toMatchObject({ count: 2 });
  });

  it('imports Excel: preview with verdicts, then applies the valid rows atomically', async () => {
    const file = await workbook([
      ['anna@example.com', 101],
      ['boris@example.com', 102],
      ['boris@example.com', 103],
      ['boris@example.com', 103],
      ['nobody@example.com', 104],
      ['boris@example.com', 'abc'],
      ['boris@example.com', 555],
      ['anna@example.com', 104],
      ['boris@example.com', 104],
    ]);
    const res = await upload(file);
    expect(res.status).toBe(201);
    const preview = await body<{
      id: string;
      rows: Array<{ row: number; verdict: string }>;
      summary: Record<string, number>;
    }>(res);
    expect(preview.rows.map((r) => r.verdict)).toEqual([
      'already_assigned',
      'conflict_existing',
      'ok',
      'duplicate',
      'unknown_user',
      'malformed',
      'unknown_nm',
      'conflict_in_file',
      'conflict_in_file',
    ]);
    expect(preview.summary).toMatchObject({ total: 9, valid: 1, errors: 7 });

    const applied = await admin.request('POST', `/api/assignments/imports/${preview.id}/apply`);
    expect(applied.status).toBe(200);
    expect((await body<{ result: { applied: number } }>(applied)).result.applied).toBe(1);
    const again = await admin.request('POST', `/api/assignments/imports/${preview.id}/apply`);
    expect(again.status).toBe(409);
    const cards = await body<{ items: Array<{ nmId: number }> }>(
      await admin.request('GET', `/api/assignments/users/${boris}?accountId=${accountId}&month=2026-11`),
    );
    expect(cards.items.map((c) => c.nmId)).toEqual([103]);

    const report = await admin.request('GET', `/api/assignments/imports/${preview.id}/report.xlsx?lang=en`);
    expect(report.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await report.arrayBuffer());
    expect(JSON.stringify(wb.worksheets[0]!.getRow(3).getCell(4).value)).toContain('anna@example.com');
  });

  it('refuses a stale preview without applying any row', async () => {
    const preview = await body<{ id: string }>(await upload(await workbook([['anna@example.com', 104]])));
    await bootstrap
      .insertInto('assignments')
      .values({ account_id: accountId, user_id: boris, month: '2026-11-01', nm_id: 104 })
      .execute();
    const res = await admin.request('POST', `/api/assignments/imports/${preview.id}/apply`);
    expect(res.status).toBe(409);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('IMPORT_STALE');
  });

  it('copies the previous month and serves the template', async () => {
    const res = await admin.request('POST', '/api/assignments/copy-previous', {
      json: { accountId, month: '2026-12' },
    });
    expect(await body(res)).toEqual({ copied: 4, skipped: 0, from: '2026-11' });
    const template = await admin.request('GET', '/api/assignments/template.xlsx?lang=ru');
    expect(template.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await template.arrayBuffer());
    expect(wb.worksheets[0]!.getRow(1).getCell(1).value).toBe('Email');
  });

  it('refuses a manager without assignments.write', async () => {
    const manager = new Browser(api.app);
    await manager.login('anna@example.com');
    const res = await manager.request('POST', '/api/assignments/copy-previous', {
      json: { accountId, month: '2026-12' },
    });
    expect(res.status).toBe(403);
  });
});

describe('sync status and sync now', () => {
  it('lists every dataset with key health and queues a run', async () => {
    const status = await body<{
      items: Array<{ key: { daysLeft: number; expiringSoon: boolean }; datasets: unknown[] }>;
    }>(await admin.request('GET', '/api/sync/status'));
    expect(status.items[0]!.datasets).toHaveLength(5);
    expect(status.items[0]!.key.expiringSoon).toBe(false);
    const res = await admin.request('POST', `/api/sync/${accountId}/orders/run`);
    expect(res.status).toBe(202);
    const row = await bootstrap
      .selectFrom('sync_state')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(row.next_run_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe('unmapped proxy routes', () => {
  it('lists what the proxy recorded', async () => {
    await recordRouteObservation(bootstrap, {
      host: 'seller.wildberries.ru',
      method: 'GET',
      pathPattern: '/x/{id}',
      sampleShape: { a: 'number' },
    });
    const res = await body<{ total: number; items: Array<{ pathPattern: string }> }>(
      await admin.request('GET', '/api/proxy/routes'),
    );
    expect(res.items[0]!.pathPattern).toBe('/x/{id}');
  });
});

/** The smallest byte string our JPEG reader accepts as a `width`×`height` image (header only). */
function fakeJpeg(width: number, height: number): Buffer {
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    sof,
    Buffer.alloc(12),
    Buffer.from(randomUUID()),
    Buffer.from([0xff, 0xd9]),
  ]);
}

describe('avatars', () => {
  it('stores a 512×512 JPEG content-addressed and serves it immutable; refuses other sizes', async () => {
    const put = (bytes: Buffer, userId = anna) =>
      admin.request('PUT', `/api/users/${userId}/avatar`, {
        headers: { 'content-type': 'image/jpeg' },
        body: new Uint8Array(bytes),
      });
    expect((await put(fakeJpeg(500, 512))).status).toBe(400);
    expect((await put(Buffer.from('not a jpeg'))).status).toBe(400);
    const jpeg = fakeJpeg(512, 512);
    const res = await put(jpeg);
    expect(res.status).toBe(200);
    const key = (await body<{ user: { avatarKey: string } }>(res)).user.avatarKey;
    expect(key).toMatch(/^[0-9a-f]{64}\.jpg$/);
    const image = await admin.request('GET', `/api/avatars/${key}`);
    expect(image.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(jpeg);
    const again = await admin.request('GET', `/api/avatars/${key}`, {
      headers: { 'if-none-match': image.headers.get('etag')! },
    });
    expect(again.status).toBe(304);

    const manager = new Browser(api.app);
    await manager.login('boris@example.com');
    expect(
      (
        await manager.request('PUT', `/api/users/${anna}/avatar`, {
          headers: { 'content-type': 'image/jpeg' },
          body: new Uint8Array(jpeg),
        })
      ).status,
    ).toBe(403);
  });
});
