import { mkdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostMap, type HostMap } from '../hosts/host-map.ts';
import {
  bodyKindFor,
  decodeBody,
  encodeBody,
  findUnmappedWbUrls,
  rewriteBody,
  rewritePublicUrlsToWb,
  rewriteRequestHeaders,
  rewriteResponseHeaders,
} from '../rewrite/index.ts';
import { RUNTIME_EVENT_PATH } from './config.ts';
import { createRuntimeScript, type RuntimeScript } from './script.ts';
import { launchPortalChromium } from '../../test/browser.ts';

/**
 * The rewriters and the runtime on the emulated WB portal's own SPA (its login, shell, cmp and every browser
 * pattern of its diagnostics panel), in Chromium. Between them, a bare forwarder built from the rewrite API
 * only (no filtering, no session jar: that is the transport's, tested on its branch): each public host is
 * forwarded to the emulator with the WB host in `Host`, as WB's own https origin. Every request that reaches
 * the forwarder on a WB name (the resolver sends WB's names here too) is a leak.
 */

const ARTIFACTS = path.join(
  process.env.TEST_ARTIFACTS_DIR ?? path.join(import.meta.dirname, '../../artifacts'),
  'proxy-runtime-portal',
);

let emu: RunningEmulator;
let forwarder: http.Server;
let hostMap: HostMap;
let runtime: RuntimeScript;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const leaks: string[] = [];
const runtimeEvents: string[] = [];
const unmappedInOutput: string[] = [];
const pageErrors: string[] = [];
const sockets = new Set<net.Socket>();

async function forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const host = req.headers.host ?? '';
  const wb = hostMap.wbHostFor(host);
  if (!wb) {
    leaks.push(`${host}${req.url ?? ''}`);
    res.writeHead(421).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (req.url === RUNTIME_EVENT_PATH) {
    runtimeEvents.push(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(204).end();
    return;
  }
  const url = rewritePublicUrlsToWb(req.url ?? '/', hostMap);
  const wbUrl = `https://${wb.host}${url}`;
  const headers = rewriteRequestHeaders(
    Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
    ),
    { hostMap },
  );
  headers.set('host', wb.host);
  headers.set('x-forwarded-proto', 'https');
  let body: string | Buffer | undefined = chunks.length ? Buffer.concat(chunks) : undefined;
  if (body && bodyKindFor(req.headers['content-type']) !== 'binary')
    body = rewritePublicUrlsToWb(body.toString('utf8'), hostMap);
  if (/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '') && body)
    body = rewritePublicUrlsToWb(body.toString(), hostMap);
  const up = await request(`${emu.url}${url}`, {
    method: (req.method ?? 'GET') as 'GET',
    headers: Object.fromEntries(headers),
    ...(body === undefined ? {} : { body }),
  });
  const upHeaders = { ...up.headers };
  for (const h of ['connection', 'keep-alive', 'transfer-encoding']) delete upHeaders[h];
  const kind =
    up.statusCode === 204 || up.statusCode === 304
      ? 'binary'
      : bodyKindFor(String(up.headers['content-type'] ?? ''));
  if (kind === 'binary') {
    const out = rewriteResponseHeaders(upHeaders, { hostMap, wbUrl });
    res.writeHead(up.statusCode, headerObject(out));
    for await (const c of up.body) res.write(c as Buffer);
    res.end();
    return;
  }
  const raw = Buffer.from(await up.body.arrayBuffer());
  const text = decodeBody(raw, String(up.headers['content-encoding'] ?? '')).toString('utf8');
  const dest = String(req.headers['sec-fetch-dest'] ?? '');
  const out = rewriteBody({
    contentType: String(up.headers['content-type']),
    body: text,
    wbUrl,
    hostMap,
    runtime,
    workerScript: dest === 'worker' || dest === 'sharedworker',
  });
  for (const f of findUnmappedWbUrls(out.body, hostMap)) unmappedInOutput.push(`${wbUrl}: ${f.match}`);
  delete upHeaders['content-encoding'];
  const outHeaders = rewriteResponseHeaders(upHeaders, {
    hostMap,
    wbUrl,
    runtime,
    bodyRewritten: true,
    ...(out.rewrittenInlineHashes ? { rewrittenInlineHashes: out.rewrittenInlineHashes } : {}),
  });
  const encoded = encodeBody(Buffer.from(out.body), req.headers['accept-encoding']);
  if (encoded.encoding !== 'identity') outHeaders.set('content-encoding', encoded.encoding);
  outHeaders.set('content-length', String(encoded.body.length));
  res.writeHead(up.statusCode, headerObject(outHeaders));
  res.end(encoded.body);
}

function headerObject(h: Headers): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of h) if (k !== 'set-cookie') out[k] = v;
  const cookies = h.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
}

/** WebSocket: the handshake forwarded with the WB host and origin, then bytes both ways. */
function forwardUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
  const wb = hostMap.wbHostFor(req.headers.host ?? '');
  if (!wb) {
    leaks.push(`ws ${req.headers.host ?? ''}${req.url ?? ''}`);
    socket.destroy();
    return;
  }
  const headers = rewriteRequestHeaders(
    Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host')),
    { hostMap },
  );
  const up = net.connect(emu.port, '127.0.0.1', () => {
    const lines = [`GET ${req.url ?? '/'} HTTP/1.1`, `host: ${wb.host}`, 'x-forwarded-proto: https'];
    for (const [k, v] of headers) lines.push(`${k}: ${v}`);
    up.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) up.write(head);
    up.pipe(socket).pipe(up);
  });
  sockets.add(socket).add(up);
  up.on('error', () => socket.destroy());
  socket.on('error', () => up.destroy());
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  emu = await startEmulator({ seed: 42, accounts: 2, days: 30, now: '2026-11-20T12:00:00Z' });
  forwarder = http.createServer((req, res) => {
    forward(req, res).catch((err: unknown) => {
      leaks.push(`forwarder error ${String(err)}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  forwarder.on('upgrade', forwardUpgrade);
  forwarder.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => forwarder.listen(0, '127.0.0.1', r));
  const port = (forwarder.address() as AddressInfo).port;
  base = `http://wb-seller.joycity.test:${port}`;
  hostMap = createHostMap({ appDomain: 'joycity.test', publicOrigin: base });
  runtime = createRuntimeScript(hostMap);
  browser = await launchPortalChromium(base);
  context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: 'ru-RU',
    acceptDownloads: true,
  });
  context.on('request', (r) => {
    if (/^[a-z]+:\/\/[^/]*(?:wildberries|wbbasket|wb)\.ru[:/]/i.test(r.url()))
      leaks.push(`browser ${r.url()}`);
  });
  context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const s of sockets) s.destroy();
  await new Promise((r) => forwarder?.close(r));
  await emu?.close();
}, 30_000);

describe('the emulated portal through the rewriters, in Chromium', () => {
  it('logs in on the public seller-auth host and lands on the public shell', async () => {
    const account = emu.emulator.accounts()[0]!;
    await page.goto(`${base}/`);
    expect(new URL(page.url()).host).toBe(`seller-auth.wb-seller.joycity.test:${new URL(base).port}`);
    await page.fill('input[name="phone"]', account.portal.phone);
    await page.click('form[data-step="phone"] button[type="submit"]');
    await page.fill('input[name="code"]', account.portal.smsCode);
    await page.click('form[data-step="code"] button[type="submit"]');
    await page.waitForSelector('section[data-page="dashboard"][data-ready="true"]', { timeout: 20_000 });
    expect(new URL(page.url()).host).toBe(new URL(base).host);
    expect(await page.locator('table[data-table="top-products"] tbody tr').count()).toBe(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  }, 60_000);

  it('posts the report form across hosts and opens a report in a new window', async () => {
    await page.click('a[data-menu="reports"]');
    await page.waitForSelector('section[data-page="reports"][data-ready="true"]');
    await page.click('form[data-form="request-report"] button[type="submit"]');
    await page.waitForURL(/requested=1/);
    expect(new URL(page.url()).host).toBe(new URL(base).host);
    await page.waitForSelector('section[data-page="reports"][data-ready="true"]');
    await page.click('a[data-report]');
    await page.waitForSelector(
      'section[data-page="reports"][data-ready="true"] table[data-table="report-details"]',
    );
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.click('[data-action="open-window"]'),
    ]);
    await popup.waitForSelector('table[data-table="report-details"]');
    expect(new URL(popup.url()).hostname).toMatch(/\.joycity\.test$|^wb-seller\.joycity\.test$/);
    await popup.close();
  }, 60_000);

  it('every browser pattern of the diagnostics panel works on public hosts; the service worker is refused', async () => {
    await page.click('a[data-menu="diagnostics"]');
    await page.waitForSelector('section[data-page="diagnostics"][data-ready="true"]');
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
        {
          timeout: 15_000,
        },
      )
      .toBe(expected.length)
      .catch(() => undefined);
    const final = await states();
    await page.screenshot({ path: path.join(ARTIFACTS, 'diagnostics.png'), fullPage: true });
    for (const name of expected) expect(final[name], name).toMatch(/^ok:/);
    expect(final.serviceWorker).toMatch(/^refused: .*service workers are disabled/);
    expect(runtimeEvents.some((e) => e.includes('service-worker-refused'))).toBe(true);
  }, 60_000);

  it('opens the advertising cabinet on its public host', async () => {
    const [cmp] = await Promise.all([context.waitForEvent('page'), page.click('a[data-menu="advert"]')]);
    await cmp.waitForSelector('main[data-ready="true"] table[data-table="campaigns"]', { timeout: 20_000 });
    expect(new URL(cmp.url()).hostname).toBe('cmp.wb-seller.joycity.test');
    await cmp.screenshot({ path: path.join(ARTIFACTS, 'cmp.png'), fullPage: true });
    await cmp.close();
  }, 60_000);

  it('nothing reached a WB host, no rewritten answer kept a WB URL, no page error', () => {
    expect(leaks).toEqual([]);
    expect(unmappedInOutput).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
