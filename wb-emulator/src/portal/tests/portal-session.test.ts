import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../start-emulator.ts';
import type { AccountCredentials } from '../../runtime/emulator.ts';
import { createPortalClient, PortalHttpError } from '../testing/portal-client.ts';

/** The portal session as WB's hosts check it: login, cookies, tokens, refresh, expiry, logout. */

const SHELL = 'https://seller.wildberries.ru';
const SERVICES = 'https://seller-services.wildberries.ru/ns/reports/seller-wb-balance/api/v1';
const ORDERS = 'https://seller-weekly-report.wildberries.ru/ns/orders/analytics-back/api/v1/orders';
const TOKEN = `${SHELL}/ns/suppliers-auth/suppliers-portal-core/auth/token`;

let emu: RunningEmulator;
let account: AccountCredentials;

beforeAll(async () => {
  emu = await startEmulator({ seed: 42, accounts: 2, days: 30, now: '2026-11-20T12:00:00Z' });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  account = emu.emulator.accounts()[0] as AccountCredentials;
});

const cookieAttrs = (setCookies: string[], name: string) =>
  setCookies.find((c) => c.startsWith(`${name}=`)) ?? '';

describe('login (phone + SMS on seller-auth)', () => {
  it('sends a page without a session to WB login, with the way back', async () => {
    const portal = createPortalClient(emu.url);
    const res = await portal.request(`${SHELL}/supplier-settings/access-to-api?x=1`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location ?? '');
    expect(location.host).toBe('seller-auth.wildberries.ru');
    expect(location.searchParams.get('redirect_url')).toBe(
      'http://seller.wildberries.ru/supplier-settings/access-to-api?x=1',
    );
    const login = await portal.request(location.toString());
    expect(login.status).toBe(200);
    expect(login.headers['content-type']).toContain('text/html');
    expect(login.text()).toContain('/static/js/login.');
  });

  it('logs in: pow token, SMS code, session cookies for .wildberries.ru and wbx-refresh for seller-auth only', async () => {
    const portal = createPortalClient(emu.url);
    await portal.login(account.portal.phone, account.portal.smsCode);
    const token = portal.jar.get('WBTokenV3');
    expect(token?.domain).toBe('wildberries.ru');
    expect(token?.hostOnly).toBe(false);
    expect(token?.httpOnly).toBe(true);
    expect(token?.secure).toBe(false); // plain http: no Secure, or a browser would drop it
    expect(portal.jar.get('wbx-validation-key')?.domain).toBe('wildberries.ru');
    expect(portal.jar.get('x-supplier-id-external')?.value).toBe(account.supplierId);
    const refresh = portal.jar.get('wbx-refresh');
    expect(refresh?.hostOnly).toBe(true);
    expect(refresh?.domain).toBe('seller-auth.wildberries.ru');
    expect(portal.authorizev3).toMatch(/^ey/);
    const data = await portal.ns<{ total: number }>(ORDERS);
    expect(data.total).toBeGreaterThan(0);
    // The SMS log shows what was "sent".
    expect(emu.emulator.log.list({ host: 'seller-auth.wildberries.ru' }).map((e) => e.path)).toContain(
      '/auth/v2/code',
    );
  });

  it('sets Secure only when the request came over https', async () => {
    const portal = createPortalClient(emu.url, { https: true });
    await portal.login(account.portal.phone, account.portal.smsCode);
    expect(portal.jar.get('WBTokenV3')?.secure).toBe(true);
    expect(portal.jar.get('wbx-refresh')?.secure).toBe(true);
  });

  it('refuses a code request without the anti-bot token, unknown phones and wrong codes', async () => {
    const portal = createPortalClient(emu.url);
    const noPow = await portal.request('https://seller-auth.wildberries.ru/auth/v2/code', {
      body: { phone_number: account.portal.phone },
    });
    expect(noPow.status).toBe(403);
    await expect(portal.login('+79000000000', '123456')).rejects.toThrow(/HTTP 404/);
    await expect(portal.login(account.portal.phone, '000000')).rejects.toThrow(/Неверный код/);
    expect(portal.jar.get('WBTokenV3')).toBeUndefined();
  });

  it('redirects a logged-in browser straight back from the login page, and only to WB hosts', async () => {
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    const back = await portal.request(
      'https://seller-auth.wildberries.ru/ru/?redirect_url=' +
        encodeURIComponent('http://seller.wildberries.ru/orders'),
    );
    expect(back.status).toBe(302);
    expect(back.headers.location).toBe('http://seller.wildberries.ru/orders');
    const evil = await portal.request(
      'https://seller-auth.wildberries.ru/ru/?redirect_url=' +
        encodeURIComponent('https://evil.example/steal'),
    );
    expect(evil.headers.location).toBe('http://seller.wildberries.ru/');
  });
});

describe('tokens: authorizev3, wb-seller-lk, upgrade-cookie-authv3', () => {
  it('accepts the seeded credentials (cookies + authorizev3 header)', async () => {
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    const user = await portal.ns<{ userID: number }>(`${SHELL}/ns/user-info/suppliers-portal-core/user`);
    expect(user.userID).toBe(account.portal.userId);
  });

  it('wants the validation key cookie that the token names', async () => {
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    portal.jar.set('wbx-validation-key', 'forged');
    await expect(portal.ns(ORDERS)).rejects.toMatchObject({ status: 401 });
  });

  it('issues a 300-second wb-seller-lk over JSON-RPC; seller-services wants it and refuses it expired', async () => {
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    const result = await portal.rpc<{ data: { token: string; userID: number; exp: number } }>(
      TOKEN,
      undefined,
    );
    expect(result.data.userID).toBe(account.portal.userId);
    expect(result.data.exp * 1000 - Date.parse('2026-11-20T12:00:00Z')).toBe(300_000);
    const without = await portal.request(`${SERVICES}/balance`, { sellerLk: false });
    expect(without.status).toBe(401);
    expect(without.json<{ errorText: string }>().errorText).toContain('wb-seller-lk');
    expect((await portal.request(`${SERVICES}/balance`)).status).toBe(200);
    await emu.control.setClock({ advance: '301s' });
    const expired = await portal.request(`${SERVICES}/balance`);
    expect(expired.status).toBe(401);
    expect(expired.json<{ errorText: string }>().errorText).toContain('expired');
    portal.forgetSellerLk();
    expect((await portal.request(`${SERVICES}/balance`)).status).toBe(200);
  });

  it('binds wb-seller-lk to the session and the legal entity', async () => {
    const a = createPortalClient(emu.url);
    a.useCredentials(account.portal);
    const b = createPortalClient(emu.url);
    b.useCredentials((emu.emulator.accounts()[1] as AccountCredentials).portal);
    const foreign = await b.sellerLk();
    const res = await a.request(`${SERVICES}/balance`, {
      sellerLk: false,
      headers: { 'wb-seller-lk': foreign },
    });
    expect(res.status).toBe(401);
  });

  it('upgrade-cookie-authv3 renews WBTokenV3 (Set-Cookie and the body)', async () => {
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    await emu.control.setClock({ advance: '2d' });
    const res = await portal.request(`${SHELL}/upgrade-cookie-authv3`, { body: {} });
    expect(res.status).toBe(200);
    const body = res.json<{ data: { token: string; expiresAt: string } }>();
    expect(cookieAttrs(res.setCookies, 'WBTokenV3')).toContain(`WBTokenV3=${body.data.token}`);
    expect(cookieAttrs(res.setCookies, 'WBTokenV3')).toMatch(/Domain=\.wildberries\.ru/);
    expect(Date.parse(body.data.expiresAt)).toBe(Date.parse('2026-11-22T12:00:00Z') + 14 * 86_400_000);
  });
});

describe('expiry and refresh', () => {
  it('an expired session gets 401 on the APIs and WB login on pages; slide-v3 + confirm brings it back', async () => {
    const portal = createPortalClient(emu.url);
    await portal.login(account.portal.phone, account.portal.smsCode);
    await emu.control.setClock({ advance: '15d' });
    await expect(portal.ns(ORDERS)).rejects.toMatchObject({ status: 401 });
    const page = await portal.request(`${SHELL}/orders`);
    expect(page.status).toBe(302);
    expect(page.headers.location).toContain('seller-auth.wildberries.ru/ru/');
    const upgrade = await portal.request(`${SHELL}/upgrade-cookie-authv3`, { body: {} });
    expect(upgrade.status).toBe(401);

    const slide = await portal.request('https://seller-auth.wildberries.ru/auth/v2/auth/slide-v3', {
      body: {},
    });
    expect(slide.status).toBe(200);
    const { sticker } = slide.json<{ payload: { sticker: string } }>().payload;
    const confirm = await portal.request('https://seller-auth.wildberries.ru/auth/v2/auth/slide-v3-confirm', {
      body: { sticker },
    });
    expect(confirm.status).toBe(200);
    expect(cookieAttrs(confirm.setCookies, 'WBTokenV3')).toMatch(/Domain=\.wildberries\.ru/);
    portal.authorizev3 = confirm.json<{ payload: { access_token: string } }>().payload.access_token;
    expect((await portal.ns<{ total: number }>(ORDERS)).total).toBeGreaterThan(0);
  });

  it('the login page slides a browser that only has a valid wbx-refresh and sends it back', async () => {
    const portal = createPortalClient(emu.url);
    await portal.login(account.portal.phone, account.portal.smsCode);
    await emu.control.setClock({ advance: '15d' });
    const res = await portal.request(
      'https://seller-auth.wildberries.ru/ru/?redirect_url=' +
        encodeURIComponent('http://seller.wildberries.ru/balance'),
    );
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://seller.wildberries.ru/balance');
    expect(cookieAttrs(res.setCookies, 'WBTokenV3')).toBeTruthy();
    portal.authorizev3 = undefined;
    expect((await portal.request(`${SHELL}/balance`)).status).toBe(200);
  });

  it('refuses slide-v3 without the refresh cookie and slide-v3-confirm with a foreign sticker', async () => {
    const portal = createPortalClient(emu.url);
    expect(
      (await portal.request('https://seller-auth.wildberries.ru/auth/v2/auth/slide-v3', { body: {} })).status,
    ).toBe(401);
    portal.useCredentials(account.portal);
    const bad = await portal.request('https://seller-auth.wildberries.ru/auth/v2/auth/slide-v3-confirm', {
      body: { sticker: 'nope' },
    });
    expect(bad.status).toBe(400);
  });

  it('logout closes the session everywhere and clears the cookies', async () => {
    const portal = createPortalClient(emu.url);
    await portal.login(account.portal.phone, account.portal.smsCode);
    const token = portal.authorizev3 as string;
    const res = await portal.request(`${SHELL}/logout`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://seller-auth.wildberries.ru/ru/');
    expect(cookieAttrs(res.setCookies, 'WBTokenV3')).toMatch(/Max-Age=0/);
    expect(portal.jar.get('WBTokenV3')).toBeUndefined();
    // The token itself is dead too, whoever holds it.
    const other = createPortalClient(emu.url);
    other.authorizev3 = token;
    for (const c of portal.jar.all()) other.jar.set(c.name, c.value);
    await expect(other.ns(ORDERS)).rejects.toBeInstanceOf(PortalHttpError);
  });
});

describe('control API', () => {
  it('shows the SMS codes sent and closes every session of an account (WB logging the cabinet out)', async () => {
    const portal = createPortalClient(emu.url);
    await portal.login(account.portal.phone, account.portal.smsCode);
    const state = await emu.control.portal();
    expect(state.sms.at(-1)).toMatchObject({ phone: account.portal.phone, code: account.portal.smsCode });
    expect(state.users[0]).toMatchObject({ phone: account.portal.phone, account: 1, accounts: [1, 2] });
    const seeded = createPortalClient(emu.url);
    seeded.useCredentials(account.portal);
    const other = createPortalClient(emu.url);
    other.useCredentials((emu.emulator.accounts()[1] as AccountCredentials).portal);
    expect(await emu.control.revokePortalSessions(1)).toBe(2);
    await expect(portal.ns(ORDERS)).rejects.toMatchObject({ status: 401 });
    await expect(seeded.ns(ORDERS)).rejects.toMatchObject({ status: 401 });
    expect(
      (await seeded.request('https://seller-auth.wildberries.ru/auth/v2/auth/slide-v3', { body: {} })).status,
    ).toBe(401);
    expect((await other.ns<{ total: number }>(ORDERS)).total).toBeGreaterThan(0);
  });
});

describe('legal entities', () => {
  it('lists the entities of the login and switches with changeSupplier (cookies)', async () => {
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    const url = `${SHELL}/ns/suppliers/suppliers-portal-core/suppliers`;
    const [list] = await portal.rpcBatch(url, [{ method: 'getUserSuppliers' }]);
    const suppliers = (
      list?.result as { suppliers: Array<{ id: string; isCurrent: boolean }>; countSuppliers: number }
    ).suppliers;
    expect(suppliers).toHaveLength(2);
    const other = suppliers.find((s) => !s.isCurrent)!;
    const before = await portal.ns<{ supplier: { id: string } }>(
      `${SHELL}/ns/user-info/suppliers-portal-core/user`,
    );
    expect(before.supplier.id).toBe(account.supplierId);
    const res = await portal.request(url, {
      body: [{ method: 'changeSupplier', params: { supplierID: other.id }, jsonrpc: '2.0', id: 1 }],
    });
    expect(res.status).toBe(200);
    expect(cookieAttrs(res.setCookies, 'x-supplier-id-external')).toContain(other.id);
    const after = await portal.ns<{ supplier: { id: string } }>(
      `${SHELL}/ns/user-info/suppliers-portal-core/user`,
    );
    expect(after.supplier.id).toBe(other.id);
    // An entity the user cannot see is refused.
    portal.jar.set('x-supplier-id-external', '00000000-0000-4000-8000-000000000000');
    await expect(portal.ns(ORDERS)).rejects.toMatchObject({ status: 403 });
  });
});

describe('CORS, WebSocket, event stream, beacons', () => {
  it('answers preflights for WB origins only, with credentials', async () => {
    const portal = createPortalClient(emu.url);
    const ok = await portal.request(`${SERVICES}/balance`, {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorizev3, wb-seller-lk',
      },
      sellerLk: false,
    });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://seller.wildberries.ru');
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    const evil = await portal.request(`${SERVICES}/balance`, {
      method: 'OPTIONS',
      origin: 'https://evil.example',
      headers: { 'access-control-request-method': 'GET' },
      sellerLk: false,
    });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('opens the notifications WebSocket with the session cookies only', async () => {
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    const wsUrl = `${emu.url.replace('http', 'ws')}/ns/notifications/ws`;
    const headers = { host: 'seller-communications.wildberries.ru', origin: 'http://seller.wildberries.ru' };
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl, { headers });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
    });
    expect(refused).toBe('401');
    const messages = await new Promise<Array<{ type: string }>>((resolve, reject) => {
      const got: Array<{ type: string }> = [];
      const ws = new WebSocket(wsUrl, {
        headers: { ...headers, cookie: portal.jar.header('seller-communications.wildberries.ru') ?? '' },
      });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'counters' })));
      ws.on('message', (raw) => {
        got.push(JSON.parse((raw as Buffer).toString('utf8')) as { type: string });
        if (got.some((m) => m.type === 'counters')) {
          ws.close();
          resolve(got);
        }
      });
      ws.on('error', reject);
    });
    expect(messages.map((m) => m.type)).toEqual(['hello', 'subscribed', 'notification', 'counters']);
  });

  it('streams counters as server-sent events (uncompressed)', async () => {
    const { request } = await import('undici');
    const portal = createPortalClient(emu.url);
    portal.useCredentials(account.portal);
    const res = await request(`${emu.url}/ns/notifications/api/v1/stream`, {
      headers: {
        host: 'seller-communications.wildberries.ru',
        cookie: portal.jar.header('seller-communications.wildberries.ru') ?? '',
        'accept-encoding': 'gzip',
      },
    });
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['content-encoding']).toBeUndefined();
    let text = '';
    for await (const chunk of res.body) {
      text += String(chunk);
      if (text.includes('event: counters')) break;
    }
    res.body.destroy();
    expect(text).toMatch(/event: counters\ndata: \{"unreadNotifications":\d+/);
  });

  it('records beacons and lets the page check them', async () => {
    const portal = createPortalClient(emu.url);
    const url = 'https://seller-communications.wildberries.ru/ns/events/api/v1/beacon';
    const sent = await portal.request(url, {
      body: JSON.stringify({ id: 'pv-test-1', event: 'page_view' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(sent.status).toBe(204);
    expect(
      (await portal.request(`${url}/pv-test-1`)).json<{ data: { received: boolean } }>().data.received,
    ).toBe(true);
    expect((await portal.request(`${url}/pv-other`)).status).toBe(404);
  });
});
