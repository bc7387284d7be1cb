import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { expandWbHosts } from '@joycity/shared/wb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostMap, PROXIED_HOST_KINDS, type HostMap } from '../hosts/host-map.ts';
import { rewriteBody } from '../rewrite/body.ts';
import { rewriteResponseHeaders } from '../rewrite/headers.ts';
import { RUNTIME_EVENT_PATH } from './config.ts';
import { createRuntimeScript, type RuntimeScript } from './script.ts';
import { launchPortalChromium } from '../../test/browser.ts';

/**
 * The injected runtime in a real Chromium. A tiny server answers on every host (public `*.joycity.test` and,
 * through the resolver rules, WB's own names — so a request that escaped the runtime would be seen). Pages
 * are WB-like (URLs assembled at run time from host fragments and location.port, as WB's bundles do) and go
 * through the real rewriters (`rewriteBody`, `rewriteResponseHeaders` with WB's CSP), as the transport will.
 */

const ARTIFACTS = path.join(
  process.env.TEST_ARTIFACTS_DIR ?? path.join(import.meta.dirname, '../../artifacts'),
  'proxy-runtime',
);

interface Seen {
  host: string;
  path: string;
  method: string;
  body?: string;
}

const seen: Seen[] = [];
const browserRequests: string[] = [];
let server: http.Server;
let port: number;
let hostMap: HostMap;
let runtime: RuntimeScript;
let browser: Browser;
let context: BrowserContext;
let base: string;
const upgraded = new Set<Duplex>();

// WB-like client code: hosts from fragments, the page's scheme and port (no WB host name appears whole).
const WB_HELPERS = `
const WBD = ['wildberries', 'ru'].join('.');
const PORT = location.port ? ':' + location.port : '';
const wbHost = (parts) => parts.join('-') + '.' + WBD;
const wb = (parts) => location.protocol + '//' + wbHost(parts) + PORT;
const wbWs = (parts) => (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + wbHost(parts) + PORT;
const basket = (n) => location.protocol + '//basket-' + n + '.' + ['wbbasket', 'ru'].join('.') + PORT;
`;

const WB_CSP = [
  "default-src 'self'",
  "script-src 'self' 'nonce-WBNONCE'",
  "img-src 'self' data: https://*.wbbasket.ru",
  "connect-src 'self' https://seller-services.wildberries.ru https://seller-weekly-report.wildberries.ru https://discounts-prices.wildberries.ru https://seller-communications.wildberries.ru wss://seller-communications.wildberries.ru",
  "frame-src 'self' https://seller-communications.wildberries.ru https://seller-services.wildberries.ru https://cmp.wildberries.ru",
  "form-action 'self' https://seller-services.wildberries.ru",
  "worker-src 'self'",
].join('; ');

const SHELL_SCRIPT = `${WB_HELPERS}
const R = (window.__results = {});
const step = async (name, fn) => { try { R[name] = await fn(); } catch (e) { R[name] = 'error: ' + (e && e.message); } };
const sinks = (n) => { const f = document.createElement('iframe'); f.name = n; document.body.appendChild(f); return f; };
const parseEl = (html) => document.adoptNode(new DOMParser().parseFromString(html, 'text/html').body.firstElementChild);
(async () => {
  await step('fetch', () => fetch(wb(['seller', 'services']) + '/ns/fetch', { credentials: 'include' }).then((r) => r.text()));
  await step('request', () => fetch(new Request(wb(['seller', 'weekly', 'report']) + '/ns/request')).then((r) => r.text()));
  await step('requestInstanceof', () => new Request(wb(['seller', 'services']) + '/x') instanceof Request);
  await step('xhr', () => new Promise((ok, ko) => {
    const x = new XMLHttpRequest();
    x.open('GET', wb(['discounts', 'prices']) + '/ns/xhr');
    x.withCredentials = true;
    x.onload = () => ok(x.responseText);
    x.onerror = () => ko(new Error('xhr failed'));
    x.send();
  }));
  const probe = new XMLHttpRequest();
  R.xhrInstanceof = probe instanceof XMLHttpRequest && XMLHttpRequest.DONE === 4 && probe.DONE === 4 && XMLHttpRequest.UNSENT === 0;
  await step('websocket', () => new Promise((ok, ko) => {
    const ws = new WebSocket(wbWs(['seller', 'communications']) + '/ns/notifications/ws');
    ws.onmessage = (e) => { ok({ data: e.data, instanceOf: ws instanceof WebSocket, statics: WebSocket.OPEN === 1 && ws.OPEN === 1 }); ws.close(); };
    ws.onerror = () => ko(new Error('ws failed'));
  }));
  await step('eventsource', () => new Promise((ok, ko) => {
    const es = new EventSource(wb(['seller', 'communications']) + '/ns/stream', { withCredentials: true });
    es.onmessage = (e) => { ok({ data: e.data, instanceOf: es instanceof EventSource, statics: EventSource.OPEN === 1 }); es.close(); };
    es.onerror = () => ko(new Error('eventsource failed'));
  }));
  R.beacon = navigator.sendBeacon(wb(['seller', 'communications']) + '/ns/beacon', 'b');
  // setters, setAttribute, innerHTML, insertAdjacentHTML, observer
  const img1 = new Image(); img1.src = basket('01') + '/setter.webp'; document.body.appendChild(img1);
  const img2 = document.createElement('img'); img2.setAttribute('src', basket('02') + '/setattr.webp'); document.body.appendChild(img2);
  const img3 = document.createElement('img'); img3.srcset = basket('03') + '/srcset.webp 1x'; document.body.appendChild(img3);
  const box = document.createElement('div'); document.body.appendChild(box);
  box.innerHTML = '<img src="' + basket('04') + '/inner.webp">';
  box.insertAdjacentHTML('beforeend', '<img src="' + basket('05') + '/adjacent.webp">');
  R.hrefSetter = (() => { const a = document.createElement('a'); a.href = wb(['cmp']) + '/x'; return a.getAttribute('href'); })();
  // forms: form.submit(), requestSubmit, a submitter's formaction
  sinks('sink1'); sinks('sink2'); sinks('sink3'); sinks('sink4'); sinks('sink5');
  const f1 = parseEl('<form method="post" target="sink1" action="' + wb(['seller', 'services']) + '/ns/form-submit"><input name="a" value="1"></form>');
  document.body.appendChild(f1); f1.submit();
  const f2 = parseEl('<form method="get" target="sink2" action="' + wb(['seller', 'services']) + '/ns/form-request-submit"><input name="b" value="2"></form>');
  document.body.appendChild(f2); f2.requestSubmit();
  const f3 = parseEl('<form method="post" target="sink3" action="/nowhere"><button formaction="' + wb(['seller', 'services']) + '/ns/form-formaction">go</button></form>');
  document.body.appendChild(f3); f3.requestSubmit(f3.querySelector('button'));
  // anchors: an <a> whose WB href arrived without any setter (parsed elsewhere), clicked at once
  const a1 = parseEl('<a target="sink4" href="' + wb(['cmp']) + '/anchor-click">c</a>');
  document.body.appendChild(a1); a1.click();
  // the observer: an element inserted without a setter, looked at later
  const a2 = parseEl('<a target="sink5" href="' + wb(['cmp']) + '/observed">o</a>');
  document.body.appendChild(a2);
  await new Promise((r) => setTimeout(r, 0));
  R.observed = a2.getAttribute('href');
  a2.click();
  // workers
  await step('worker', () => new Promise((ok, ko) => {
    const w = new Worker(wb(['seller']) + '/worker.js');
    w.onmessage = (e) => ok({ data: e.data, instanceOf: w instanceof Worker });
    w.onerror = (e) => ko(new Error('worker failed ' + e.message));
  }));
  await step('sharedWorker', () => new Promise((ok, ko) => {
    const w = new SharedWorker('/shared-worker.js');
    w.port.onmessage = (e) => ok({ data: e.data, instanceOf: w instanceof SharedWorker });
    w.onerror = () => ko(new Error('shared worker failed'));
    w.port.start();
  }));
  // postMessage with the notifications widget (seller-communications), both sides checking origins
  await step('postMessage', () => new Promise((ok, ko) => {
    const widgetOrigin = wb(['seller', 'communications']);
    const frame = document.createElement('iframe');
    frame.src = widgetOrigin + '/widget';
    window.addEventListener('message', (e) => {
      if (e.origin !== widgetOrigin) return ko(new Error('unexpected origin ' + e.origin));
      if (e.data && e.data.ready) { e.source === frame.contentWindow || ko(new Error('source mismatch')); frame.contentWindow.postMessage({ ping: 42 }, widgetOrigin); }
      if (e.data && e.data.pong) ok({ pong: e.data.pong, widgetSaw: e.data.sawOrigin, shellSaw: e.origin });
    });
    document.body.appendChild(frame);
  }));
  await step('selfPostMessage', () => new Promise((ok) => {
    const h = (e) => { if (e.data === 'self') { window.removeEventListener('message', h); ok(e.origin); } };
    window.addEventListener('message', h);
    window.postMessage('self', wb(['seller']));
  }));
  await step('postMessageOneArg', () => new Promise((ok) => {
    const h = (e) => { if (e.data === 'one') { window.removeEventListener('message', h); ok(e.origin); } };
    window.addEventListener('message', h);
    window.postMessage('one');
  }));
  R.documentDomain = document.domain;
  document.cookie = 'jc_probe=1; path=/; domain=.' + WBD + '; SameSite=None; Secure';
  document.cookie = 'jc_probe2=2; domain=' + wbHost(['seller']);
  R.cookies = document.cookie;
  history.pushState({}, '', wb(['seller']) + '/pushed?x=1');
  R.pushed = location.href;
  history.replaceState({}, '', wb(['seller']) + '/');
  await step('serviceWorker', () => navigator.serviceWorker.register('/sw.js').then(() => 'registered', (e) => 'refused: ' + e.name + ': ' + e.message));
  R.popup = !!window.open(wb(['seller', 'services']) + '/ns/popup', '_blank');
  window.__done = true;
})();
`;

const WIDGET_SCRIPT = `${WB_HELPERS}
const shell = wb(['seller']);
window.addEventListener('message', (e) => {
  if (e.origin !== shell) { parent.postMessage({ bad: e.origin }, '*'); return; }
  e.source.postMessage({ pong: e.data.ping, sawOrigin: e.origin }, e.origin);
});
parent.postMessage({ ready: true }, shell);
`;

const WORKER_SCRIPT = `
const WBD = ['wildberries', 'ru'].join('.');
const PORT = location.port ? ':' + location.port : '';
fetch(location.protocol + '//' + ['seller', 'services'].join('-') + '.' + WBD + PORT + '/ns/worker-fetch')
  .then((r) => r.text()).then((t) => postMessage('worker:' + t), (e) => postMessage('worker failed: ' + e.message));
`;
const SHARED_WORKER_SCRIPT = `
const WBD = ['wildberries', 'ru'].join('.');
const PORT = location.port ? ':' + location.port : '';
onconnect = (ev) => {
  const p = ev.ports[0];
  fetch(location.protocol + '//' + ['seller', 'weekly', 'report'].join('-') + '.' + WBD + PORT + '/ns/shared-worker-fetch')
    .then((r) => r.text()).then((t) => p.postMessage('shared:' + t), (e) => p.postMessage('shared failed: ' + e.message));
};
`;

const page = (title: string, script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><script nonce="WBNONCE">${script}</script></body></html>`;

/** Serves a WB answer the way the transport will: body and headers through the rewriters. */
function serveRewritten(
  res: http.ServerResponse,
  wbUrl: string,
  contentType: string,
  body: string,
  extra: Record<string, string> = {},
  workerScript = false,
): void {
  const out = rewriteBody({ contentType, body, wbUrl, hostMap, runtime, workerScript });
  const headers = rewriteResponseHeaders(
    { 'content-type': contentType, ...extra },
    { hostMap, wbUrl, runtime, bodyRewritten: true },
  );
  res.writeHead(200, Object.fromEntries(headers));
  res.end(out.body);
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const host = (req.headers.host ?? '').toLowerCase();
  const url = req.url ?? '/';
  const origin = req.headers.origin;
  const cors: Record<string, string> = origin
    ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' }
    : {};
  const wb = hostMap.wbHostFor(host);
  const wbUrl = `https://${wb?.host ?? 'unknown.invalid'}${url}`;
  if (url === RUNTIME_EVENT_PATH) {
    res.writeHead(204).end();
    return;
  }
  if (wb?.host === 'seller.wildberries.ru' && url === '/') {
    serveRewritten(res, wbUrl, 'text/html; charset=utf-8', page('shell', SHELL_SCRIPT), {
      'content-security-policy': WB_CSP,
    });
    return;
  }
  if (wb?.host === 'seller.wildberries.ru' && url === '/plain') {
    serveRewritten(res, wbUrl, 'text/html; charset=utf-8', page('plain', 'window.__plain = true;'), {
      'content-security-policy': WB_CSP,
    });
    return;
  }
  if (wb?.host === 'seller-communications.wildberries.ru' && url === '/widget') {
    serveRewritten(res, wbUrl, 'text/html; charset=utf-8', page('widget', WIDGET_SCRIPT), {
      'content-security-policy': "script-src 'nonce-WBNONCE'; frame-ancestors https://seller.wildberries.ru",
    });
    return;
  }
  if (url === '/worker.js' || url === '/shared-worker.js') {
    const src = url === '/worker.js' ? WORKER_SCRIPT : SHARED_WORKER_SCRIPT;
    serveRewritten(res, wbUrl, 'text/javascript', src, {}, true);
    return;
  }
  if (url === '/ns/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...cors });
    res.write('data: counters\n\n');
    return;
  }
  if (req.method === 'OPTIONS') {
    res
      .writeHead(204, { ...cors, 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' })
      .end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', ...cors });
  res.end(`ok ${url}${body ? ` ${body}` : ''}`);
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isWbHostHeader = (h: string) => /(?:^|\.)(?:wildberries|wbbasket|wb)\.ru(?::\d+)?$/.test(h);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        host: (req.headers.host ?? '').toLowerCase(),
        path: req.url ?? '',
        method: req.method ?? '',
        body,
      });
      handle(req, res, body);
    });
  });
  server.on('upgrade', (req, socket) => {
    seen.push({ host: (req.headers.host ?? '').toLowerCase(), path: req.url ?? '', method: 'WS' });
    const key = String(req.headers['sec-websocket-key']);
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const payload = Buffer.from('hello');
    socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
    socket.on('error', () => {});
    upgraded.add(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://wb-seller.joycity.test:${port}`;
  hostMap = createHostMap({ appDomain: 'joycity.test', publicOrigin: base });
  runtime = createRuntimeScript(hostMap);
  browser = await launchPortalChromium(base);
  context = await browser.newContext();
  context.on('request', (r) => browserRequests.push(r.url()));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const s of upgraded) s.destroy();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
}, 30_000);

describe('the injected runtime in Chromium', () => {
  let shell: Page;
  let results: Record<string, unknown>;
  const pageErrors: string[] = [];
  const consoleWarnings: string[] = [];

  beforeAll(async () => {
    shell = await context.newPage();
    shell.on('pageerror', (e) => pageErrors.push(e.message));
    shell.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') consoleWarnings.push(m.text());
    });
    const popup = context.waitForEvent('page');
    await shell.goto(`${base}/`);
    await shell.waitForFunction(
      () => (globalThis as unknown as { __done?: boolean }).__done === true,
      undefined,
      {
        timeout: 20_000,
      },
    );
    await popup;
    results = await shell.evaluate(
      () => (globalThis as unknown as { __results: Record<string, unknown> }).__results,
    );
    const expectedPaths = [
      '/ns/form-submit',
      '/ns/form-request-submit?b=2',
      '/ns/form-formaction',
      '/anchor-click',
      '/observed',
      '/ns/popup',
      '/ns/beacon',
      '/inner.webp',
      '/adjacent.webp',
      RUNTIME_EVENT_PATH,
    ];
    await waitFor(
      () => expectedPaths.every((p) => seen.some((s) => s.path === p)),
      `requests ${expectedPaths.join(', ')}`,
    );
    await shell.screenshot({ path: path.join(ARTIFACTS, 'shell.png'), fullPage: true });
  }, 60_000);

  it('maps fetch and Request', () => {
    expect(results.fetch).toBe('ok /ns/fetch');
    expect(results.request).toBe('ok /ns/request');
    expect(results.requestInstanceof).toBe(true);
    expect(seen).toContainEqual(
      expect.objectContaining({ host: `seller-services.wb-seller.joycity.test:${port}`, path: '/ns/fetch' }),
    );
    expect(seen).toContainEqual(
      expect.objectContaining({
        host: `seller-weekly-report.wb-seller.joycity.test:${port}`,
        path: '/ns/request',
      }),
    );
  });

  it('maps XMLHttpRequest with instanceof and the statics intact', () => {
    expect(results.xhr).toBe('ok /ns/xhr');
    expect(results.xhrInstanceof).toBe(true);
    expect(seen).toContainEqual(
      expect.objectContaining({ host: `discounts-prices.wb-seller.joycity.test:${port}`, path: '/ns/xhr' }),
    );
  });

  it('maps WebSocket, EventSource and sendBeacon', () => {
    expect(results.websocket).toEqual({ data: 'hello', instanceOf: true, statics: true });
    expect(results.eventsource).toEqual({ data: 'counters', instanceOf: true, statics: true });
    expect(results.beacon).toBe(true);
    const comm = `seller-communications.wb-seller.joycity.test:${port}`;
    expect(seen).toContainEqual(
      expect.objectContaining({ host: comm, path: '/ns/notifications/ws', method: 'WS' }),
    );
    expect(seen).toContainEqual(expect.objectContaining({ host: comm, path: '/ns/stream' }));
    expect(seen).toContainEqual(
      expect.objectContaining({ host: comm, path: '/ns/beacon', method: 'POST', body: 'b' }),
    );
  });

  it('maps element setters, setAttribute, srcset, innerHTML and insertAdjacentHTML', () => {
    expect(results.hrefSetter).toBe(`http://cmp.wb-seller.joycity.test:${port}/x`);
    for (const [n, p] of [
      ['01', '/setter.webp'],
      ['02', '/setattr.webp'],
      ['03', '/srcset.webp'],
      ['04', '/inner.webp'],
      ['05', '/adjacent.webp'],
    ] as const) {
      expect(seen).toContainEqual(
        expect.objectContaining({
          host: `basket-${n}--wbbasket--ru.wb-seller.joycity.test:${port}`,
          path: p,
        }),
      );
    }
  });

  it('maps forms (submit(), requestSubmit, formaction), anchor clicks and late-inserted elements', () => {
    const services = `seller-services.wb-seller.joycity.test:${port}`;
    const cmp = `cmp.wb-seller.joycity.test:${port}`;
    expect(seen).toContainEqual(
      expect.objectContaining({ host: services, path: '/ns/form-submit', method: 'POST', body: 'a=1' }),
    );
    expect(seen).toContainEqual(
      expect.objectContaining({ host: services, path: '/ns/form-request-submit?b=2', method: 'GET' }),
    );
    expect(seen).toContainEqual(
      expect.objectContaining({ host: services, path: '/ns/form-formaction', method: 'POST' }),
    );
    expect(seen).toContainEqual(expect.objectContaining({ host: cmp, path: '/anchor-click' }));
    expect(results.observed).toBe(`http://${cmp}/observed`);
    expect(seen).toContainEqual(expect.objectContaining({ host: cmp, path: '/observed' }));
  });

  it('maps Worker and SharedWorker URLs, and the runtime runs inside them', () => {
    expect(results.worker).toEqual({ data: 'worker:ok /ns/worker-fetch', instanceOf: true });
    expect(results.sharedWorker).toEqual({ data: 'shared:ok /ns/shared-worker-fetch', instanceOf: true });
    expect(seen).toContainEqual(
      expect.objectContaining({ host: `wb-seller.joycity.test:${port}`, path: '/worker.js' }),
    );
  });

  it('maps postMessage target origins and shows WB origins to the page', () => {
    const shellWb = `http://seller.wildberries.ru:${port}`;
    const widgetWb = `http://seller-communications.wildberries.ru:${port}`;
    expect(results.postMessage).toEqual({ pong: 42, widgetSaw: shellWb, shellSaw: widgetWb });
    expect(results.selfPostMessage).toBe(shellWb);
    expect(results.postMessageOneArg).toBe(shellWb);
    expect(results.documentDomain).toBe('seller.wildberries.ru');
  });

  it('maps document.cookie domains and history.pushState URLs', () => {
    expect(String(results.cookies)).toContain('jc_probe=1');
    expect(String(results.cookies)).toContain('jc_probe2=2');
    expect(results.pushed).toBe(`${base}/pushed?x=1`);
  });

  it('refuses service worker registration, warns and reports it', () => {
    expect(results.serviceWorker).toMatch(
      /^refused: SecurityError: JoyCity proxy: service workers are disabled/,
    );
    expect(consoleWarnings.some((w) => w.includes('service workers are disabled'))).toBe(true);
    const event = seen.find((s) => s.path === RUNTIME_EVENT_PATH);
    expect(event?.host).toBe(`wb-seller.joycity.test:${port}`);
    expect(JSON.parse(event!.body!)).toMatchObject({
      kind: 'service-worker-refused',
      detail: { url: '/sw.js' },
    });
  });

  it('maps window.open', () => {
    expect(results.popup).toBe(true);
    expect(seen).toContainEqual(
      expect.objectContaining({ host: `seller-services.wb-seller.joycity.test:${port}`, path: '/ns/popup' }),
    );
  });

  it('sent nothing to a WB host, from the browser or at the server', () => {
    expect(pageErrors).toEqual([]);
    expect(seen.filter((s) => isWbHostHeader(s.host))).toEqual([]);
    expect(
      browserRequests.filter((u) => /^[a-z]+:\/\/[^/]*(?:wildberries|wbbasket|wb)\.ru[:/]/i.test(u)),
    ).toEqual([]);
    expect(seen.every((s) => s.host.endsWith(`.joycity.test:${port}`))).toBe(true);
  });
});

describe('navigations the runtime cannot patch (location.href, assign, replace)', () => {
  it('are caught by the Navigation API and re-issued to the public host', async () => {
    const p = await context.newPage();
    for (const how of ['href', 'assign', 'replace'] as const) {
      await p.goto(`${base}/plain`);
      const target = `/nav-${how}`;
      await Promise.all([
        p.waitForURL(`http://cmp.wb-seller.joycity.test:${port}${target}`),
        p.evaluate(
          ([h, t]) => {
            type Loc = {
              protocol: string;
              port: string;
              href: string;
              assign(u: string): void;
              replace(u: string): void;
            };
            const loc = (globalThis as unknown as { location: Loc }).location;
            const url = `${loc.protocol}//cmp.${['wildberries', 'ru'].join('.')}:${loc.port}${t}`;
            if (h === 'href') loc.href = url;
            else if (h === 'assign') loc.assign(url);
            else loc.replace(url);
          },
          [how, target] as const,
        ),
      ]);
    }
    expect(seen.filter((s) => isWbHostHeader(s.host))).toEqual([]);
    await p.close();
  }, 30_000);
});

describe('the runtime maps hosts exactly as the server does', () => {
  it('for every proxied host, and sends the others to the unmapped-host path', async () => {
    const p = await context.newPage();
    await p.goto(`${base}/plain`);
    const hosts = [
      ...expandWbHosts(PROXIED_HOST_KINDS),
      'www.wildberries.ru',
      'content-api.wildberries.ru',
      'basket-99.wbbasket.ru',
    ];
    const mapped = await p.evaluate((hs) => {
      const j = (
        globalThis as unknown as { __joycity: { toPublic(u: string): string; originToWb(o: string): string } }
      ).__joycity;
      return hs.map((h) => [
        j.toPublic(`https://${h}/p?q#f`),
        j.originToWb(j.toPublic(`https://${h}`).replace(/\/$/, '')),
      ]);
    }, hosts);
    hosts.forEach((h, i) => {
      const expected =
        hostMap.toPublicUrl(`https://${h}/p?q#f`) ?? `${base}/__joycity/unmapped-host/${h}/p?q#f`;
      expect(mapped[i]![0]).toBe(expected);
      if (hostMap.publicHostFor(h)) expect(mapped[i]![1]).toBe(`http://${h}:${port}`);
    });
    await p.close();
  });

  it('control: a WB name typed by hand does reach this server (so an escaped request would have been seen)', async () => {
    const p = await context.newPage();
    await p.goto(`http://seller.wildberries.ru:${port}/control`);
    expect(seen).toContainEqual(
      expect.objectContaining({ host: `seller.wildberries.ru:${port}`, path: '/control' }),
    );
    await p.close();
  });

  it('is small', () => {
    expect(runtime.text.length).toBeLessThan(20_000);
  });
});
