import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pub, startStack, type Stack } from '../../test/stack.ts';
import { AUTHORIZEV3_PLACEHOLDER } from '../session/local-answers.ts';

let stack: Stack;
let manager: string;
beforeAll(async () => {
  stack = await startStack();
  manager = await stack.login('manager@example.com');
}, 60_000);
afterAll(() => stack?.close());
afterEach(() => stack.emu.control.clearFaults());

const WEEKLY = 'seller-weekly-report.wildberries.ru';
const ORDERS = '/ns/orders/analytics-back/api/v1/orders';
const api = { accept: 'application/json', authorizev3: AUTHORIZEV3_PLACEHOLDER, 'accept-encoding': 'gzip' };
const nav = { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'accept-language': 'en-US,en;q=0.9' };

describe('upstream failures end in a clear answer', () => {
  it('answers 504 when WB is slower than the timeout', async () => {
    await stack.emu.control.addFault({ host: WEEKLY, path: ORDERS, kind: 'latency', latencyMs: 4_000 });
    const res = await stack.get(pub('seller-weekly-report'), ORDERS, { cookie: manager, headers: api });
    expect(res.status).toBe(504);
    expect(JSON.parse(res.text)).toMatchObject({ joycity: { code: 'PROXY_UPSTREAM_TIMEOUT' } });
  });

  it('answers a page in the user language when WB answers 5xx to a page', async () => {
    await stack.emu.control.addFault({
      host: 'seller.wildberries.ru',
      path: '/',
      kind: 'status',
      status: 503,
    });
    const res = await stack.get(pub(), '/analytics', { cookie: manager, headers: nav });
    expect(res.status).toBe(502);
    expect(res.text).toContain('data-joycity-page="upstream-error"');
    expect(res.text).toContain('lang="ru"'); // the user's own locale wins over Accept-Language
  });

  it.each([
    ['reset', { kind: 'reset' }],
    ['truncated gzip', { kind: 'truncate', fraction: 0.5 }],
    ['corrupt gzip', { kind: 'corrupt' }],
  ])('answers 502 for a %s body and passes none of it on', async (_name, fault) => {
    await stack.emu.control.addFault({ host: WEEKLY, path: ORDERS, ...fault } as never);
    const res = await stack.get(pub('seller-weekly-report'), ORDERS, { cookie: manager, headers: api });
    expect(res.status).toBe(502);
    expect(res.text).not.toContain('orders');
    expect(res.text).not.toContain('nmId');
  });

  it('cuts the connection when a streamed body breaks after its headers were sent', async () => {
    const path = '/ns/analytics-api/content-analytics/api/v2/stocks-report/excel';
    await stack.emu.control.addFault({
      host: 'seller-content.wildberries.ru',
      path,
      kind: 'reset',
      afterBytes: 2_000,
    });
    const res = await request(`${stack.proxy.url}${path}`, {
      headers: { host: `${pub('seller-content')}:8080`, cookie: manager, ...api },
    }).catch((err: unknown) => err as Error);
    if (res instanceof Error) return; // refused before any header: also fine
    await expect(res.body.arrayBuffer()).rejects.toThrow();
  });

  it('marks the account needs_relogin when WB withdraws the session token', async () => {
    await stack.emu.control.addFault({ host: '*', path: '*', kind: 'unauthorized' });
    const res = await stack.get(pub('seller-weekly-report'), ORDERS, { cookie: manager, headers: api });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toMatchObject({ joycity: { code: 'WB_SESSION_NEEDS_RELOGIN' } });
    const row = await stack.bootstrap
      .selectFrom('accounts')
      .select('session_status')
      .where('id', '=', stack.accountId)
      .executeTakeFirstOrThrow();
    expect(row.session_status).toBe('needs_relogin');
    // The admin re-enters the session: managers work again.
    await stack.emu.control.clearFaults();
    await stack.bootstrap
      .updateTable('accounts')
      .set({ session_status: 'ok' })
      .where('id', '=', stack.accountId)
      .execute();
    await stack.coordinator.publish('accounts.changed', JSON.stringify({ accountId: stack.accountId }));
    await new Promise((r) => setTimeout(r, 200));
    const ok = await stack.get(pub('seller-weekly-report'), ORDERS, { cookie: manager, headers: api });
    expect(ok.status, ok.text).toBe(200);
  });
});

describe('what goes upstream', () => {
  let recorder: Server;
  let seen: IncomingHttpHeaders[] = [];
  let bodiesSeen: string[] = [];
  const urlsSeen: string[] = [];
  beforeAll(async () => {
    recorder = createServer((req, res) => {
      seen.push(req.headers);
      urlsSeen.unshift(req.url ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => bodiesSeen.push(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{},"error":false}');
    });
    await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => recorder.close(() => r())));

  it('strips our cookies, client credentials and forwarding headers; attaches the server-side session', async () => {
    const other = await stack.proxyTo(`http://127.0.0.1:${(recorder.address() as AddressInfo).port}`);
    seen = [];
    const res = await stack.get(pub('seller-weekly-report'), `${ORDERS}?limit=1`, {
      via: other.url,
      cookie: `${manager}; x-supplier-id-external=evil; WBTokenV3=forged`,
      headers: {
        ...api,
        authorization: 'Bearer client-token',
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-host': 'evil.example',
        forwarded: 'for=6.6.6.6',
        'x-real-ip': '6.6.6.6',
        origin: 'http://wb-seller.joycity.test:8080',
        referer: 'http://wb-seller.joycity.test:8080/analytics',
      },
    });
    expect(res.status).toBe(200);
    const h = seen[0]!;
    const wb = stack.emu.emulator.accounts()[0]!;
    expect(h.host).toBe(WEEKLY);
    expect(h.authorization).toBeUndefined();
    expect(h['x-forwarded-for']).toBeUndefined();
    expect(h['x-forwarded-host']).toBeUndefined();
    expect(h.forwarded).toBeUndefined();
    expect(h['x-real-ip']).toBeUndefined();
    expect(h.cookie).not.toMatch(/jc_|evil|forged/);
    expect(h.cookie).toContain(`WBTokenV3=${wb.portal.cookies.WBTokenV3}`);
    expect(h.cookie).not.toContain('wbx-refresh'); // host-only at seller-auth
    expect(h.authorizev3).toBe(wb.portal.authorizev3);
    expect(h.origin).toBe('https://seller.wildberries.ru');
    expect(h.referer).toBe('https://seller.wildberries.ru/analytics');
  });

  it('sends public URLs in the query and body back in their WB form', async () => {
    const other = await stack.proxyTo(`http://127.0.0.1:${(recorder.address() as AddressInfo).port}`);
    seen = [];
    bodiesSeen = [];
    const back = encodeURIComponent('http://cmp.wb-seller.joycity.test:8080/campaigns');
    const res = await stack.get(pub(), `/ns/x?redirect_url=${back}`, {
      via: other.url,
      method: 'POST',
      cookie: manager,
      headers: { ...api, 'content-type': 'application/json' },
      body: JSON.stringify({ page: 'http://seller-services.wb-seller.joycity.test:8080/r' }),
    });
    expect(res.status).toBe(200);
    expect(urlsSeen[0]).toBe(
      `/ns/x?redirect_url=${encodeURIComponent('https://cmp.wildberries.ru/campaigns')}`,
    );
    expect(JSON.parse(bodiesSeen[0]!)).toEqual({ page: 'https://seller-services.wildberries.ru/r' });
  });

  it('never contacts a host off the table, whatever the request says', async () => {
    seen = [];
    const res = await stack.get('evil.example', '/', { cookie: manager });
    expect(res.status).toBe(404); // not one of our hosts: the ops app answers, nothing is forwarded
    const absolute = await request(`${stack.proxy.url}/`, {
      headers: { host: 'statistics-api.wb-seller.joycity.test:8080', cookie: manager },
    });
    expect(absolute.statusCode).toBe(404);
    await absolute.body.dump();
    expect(seen).toEqual([]);
  });
});

describe('static assets and WebSockets', () => {
  it('serves WB static files from the cache after the first download', async () => {
    await stack.emu.control.clearRequests();
    const first = await stack.get(pub('static-basket-01--wbbasket--ru'), '/portal/css/app.css', {
      cookie: manager,
    });
    expect(first.status).toBe(200);
    expect(first.text).not.toMatch(/wbbasket\.ru/);
    const second = await stack.get(pub('static-basket-01--wbbasket--ru'), '/portal/css/app.css', {
      cookie: manager,
    });
    expect(second.text).toBe(first.text);
    const fetched = await stack.emu.control.requests({ path: '/portal/css/app.css' });
    expect(fetched).toHaveLength(1);
    const metrics = await stack.get(pub(), '/metrics');
    expect(metrics.text).toMatch(/proxy_static_cache_total\{result="hit"\} [1-9]/);
  });

  it('proxies the notifications WebSocket with the server-side session', async () => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${stack.proxy.port}/ns/notifications/ws?token=${AUTHORIZEV3_PLACEHOLDER}`,
      {
        headers: {
          host: `${pub('seller-communications')}:8080`,
          cookie: manager,
          origin: 'http://wb-seller.joycity.test:8080',
        },
      },
    );
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data) => resolve(Buffer.from(data as Buffer).toString('utf8')));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode}`)));
    });
    expect(JSON.parse(first)).toMatchObject({ type: 'hello' });
    ws.close();
    const anonymous = new WebSocket(`ws://127.0.0.1:${stack.proxy.port}/ns/notifications/ws`, {
      headers: { host: `${pub('seller-communications')}:8080` },
    });
    const status = await new Promise<number>((resolve) => {
      anonymous.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      anonymous.once('error', () => resolve(-1));
    });
    expect(status).toBe(401);
  });
});
