import {
  createPortalClient,
  startEmulator,
  type PortalClient,
  type RunningEmulator,
} from '@joycity/wb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeScript } from '../runtime/script.ts';
import { rewriteBody } from './body.ts';
import { rewriteResponseHeaders } from './headers.ts';
import { hostMap } from './test-host-map.fixture.ts';
import { findUnmappedWbUrls } from './url-text.ts';

/**
 * The rewriters on what the emulated portal really answers (as WB: https, no port): the SPA shell, its bundle,
 * the stylesheet, the login page, the advertising cabinet, JSON answers, redirects and cookies. Whatever WB
 * sends, the browser must get no WB URL.
 */

let emu: RunningEmulator;
let portal: PortalClient;
let anonymous: PortalClient;
const runtime = createRuntimeScript(hostMap);

beforeAll(async () => {
  emu = await startEmulator({ seed: 42, accounts: 1, days: 7, now: '2026-11-20T12:00:00Z' });
  const account = emu.emulator.accounts()[0]!;
  portal = createPortalClient(emu.url, { https: true });
  portal.useCredentials(account.portal);
  anonymous = createPortalClient(emu.url, { https: true });
}, 60_000);
afterAll(() => emu?.close());

async function throughRewriter(client: PortalClient, wbUrl: string) {
  const res = await client.request(wbUrl);
  const headers: Record<string, string | string[]> = { ...res.headers };
  if (res.setCookies.length) headers['set-cookie'] = res.setCookies;
  delete headers['content-encoding'];
  const out = rewriteBody({
    contentType: res.headers['content-type'],
    body: res.text(),
    wbUrl,
    hostMap,
    runtime,
  });
  const h = rewriteResponseHeaders(headers, {
    hostMap,
    wbUrl,
    runtime,
    bodyRewritten: true,
    ...(out.rewrittenInlineHashes ? { rewrittenInlineHashes: out.rewrittenInlineHashes } : {}),
  });
  return { res, out, headers: h, original: res.text() };
}

function expectNoWb(out: { body: string }, headers: Headers): void {
  expect(findUnmappedWbUrls(out.body, hostMap)).toEqual([]);
  for (const [name, value] of headers) expect(findUnmappedWbUrls(value, hostMap), name).toEqual([]);
  for (const c of headers.getSetCookie()) expect(c).not.toMatch(/(?:wildberries|wbbasket|wb)\.ru/i);
}

describe('rewriting the emulated portal', () => {
  it('the SPA shell: runtime first, config and island mapped, CSP rewritten with our hash', async () => {
    const { res, out, headers, original } = await throughRewriter(
      portal,
      'https://seller.wildberries.ru/analytics',
    );
    expect(res.status).toBe(200);
    expect(original).toMatch(/https:\/\/static-basket-01\.wbbasket\.ru/);
    expect(out.kind).toBe('html');
    expectNoWb(out, headers);
    expect(out.body.indexOf('data-joycity-runtime')).toBeLessThan(out.body.indexOf('__WB_CONFIG__'));
    expect(out.body).toContain(
      'http://static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080/portal/css/app.css',
    );
    const island = /<script type="application\/json" id="wb-initial-state">(.*?)<\/script>/s.exec(out.body);
    if (island) expect(() => JSON.parse(island[1]!) as unknown).not.toThrow();
    const csp = headers.get('content-security-policy')!;
    expect(csp).toContain(runtime.cspSource);
    expect(csp).toMatch(/'nonce-[^']+'/);
    expect(csp).not.toMatch(/(?:wildberries|wbbasket|wb)\.ru/);
    expect(csp).toContain('ws://seller-communications.wb-seller.joycity.test:8080');
  });

  it('the bundle, the stylesheet and a JSON answer', async () => {
    const shell = (await portal.request('https://seller.wildberries.ru/analytics')).text();
    const src = /<script type="module" src="([^"]+)"/.exec(shell)![1]!;
    const js = await throughRewriter(portal, new URL(src, 'https://seller.wildberries.ru/').href);
    expect(js.out.kind).toBe('js');
    expect(js.out.body).not.toContain('sourceMappingURL');
    expectNoWb(js.out, js.headers);
    const css = await throughRewriter(portal, 'https://static-basket-01.wbbasket.ru/portal/css/app.css');
    expect(css.out.kind).toBe('css');
    expectNoWb(css.out, css.headers);
    const json = await throughRewriter(
      portal,
      'https://seller-communications.wildberries.ru/ns/notifications/api/v1/notifications?limit=5',
    );
    expect(json.out.kind).toBe('json');
    expectNoWb(json.out, json.headers);
    expect(() => JSON.parse(json.out.body) as unknown).not.toThrow();
  });

  it('the login page, the advertising cabinet and the redirect of a page without a session', async () => {
    for (const url of ['https://seller-auth.wildberries.ru/ru/', 'https://cmp.wildberries.ru/campaigns']) {
      const r = await throughRewriter(url.includes('seller-auth') ? anonymous : portal, url);
      expect([200, 302]).toContain(r.res.status);
      expectNoWb(r.out, r.headers);
    }
    const redirect = await throughRewriter(anonymous, 'https://seller.wildberries.ru/analytics');
    expect(redirect.res.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(
      /^http:\/\/seller-auth\.wb-seller\.joycity\.test:8080\/ru\/\?redirect_url=http%3A%2F%2Fwb-seller\.joycity\.test%3A8080%2Fanalytics/,
    );
  });
});
