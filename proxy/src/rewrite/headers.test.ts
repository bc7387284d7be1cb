import { describe, expect, it } from 'vitest';
import { createRuntimeScript } from '../runtime/script.ts';
import { rewriteCsp } from './csp.ts';
import { mapPublicOriginToWb, rewriteRequestHeaders, rewriteResponseHeaders } from './headers.ts';
import { rewriteSetCookie } from './set-cookie.ts';
import { hostMap, httpsHostMap, PUB } from './test-host-map.fixture.ts';

const runtime = createRuntimeScript(hostMap);
const wbUrl = 'https://seller.wildberries.ru/analytics';
const P = (h: string) => `http://${h}.wb-seller.joycity.test:8080`;

describe('rewriteCsp', () => {
  const wbPolicy =
    "default-src 'self'; script-src 'self' 'nonce-r4nd' https://static-basket-01.wbbasket.ru; " +
    "style-src 'self' 'unsafe-inline' https://static-basket-01.wbbasket.ru; img-src 'self' data: blob: https://*.wbbasket.ru; " +
    "connect-src 'self' https://seller-services.wildberries.ru wss://seller-communications.wildberries.ru https://content-api.wildberries.ru *.wildberries.ru; " +
    "frame-src 'self' https://seller-communications.wildberries.ru; frame-ancestors 'self' https://seller.wildberries.ru; " +
    "form-action 'self' https://seller-services.wildberries.ru; object-src 'none'; report-uri https://seller.wildberries.ru/csp; upgrade-insecure-requests";

  it('maps every WB source to its public origin, wildcards to the base wildcard, adds our hash; never deletes', () => {
    const out = rewriteCsp(wbPolicy, hostMap, { cspSource: runtime.cspSource });
    expect(out).toBe(
      `default-src 'self'; script-src 'self' 'nonce-r4nd' ${P('static-basket-01--wbbasket--ru')} ${runtime.cspSource}; ` +
        `style-src 'self' 'unsafe-inline' ${P('static-basket-01--wbbasket--ru')}; img-src 'self' data: blob: http://*.wb-seller.joycity.test:8080; ` +
        `connect-src 'self' ${P('seller-services')} ws://seller-communications.wb-seller.joycity.test:8080 *.wb-seller.joycity.test:8080 wb-seller.joycity.test:8080; ` +
        `frame-src 'self' ${P('seller-communications')}; frame-ancestors 'self' ${PUB}; ` +
        `form-action 'self' ${P('seller-services')}; object-src 'none'; report-uri ${PUB}/csp`,
    );
    expect(out).not.toMatch(/(?:wildberries|wbbasket|wb)\.ru/);
  });

  it('keeps upgrade-insecure-requests and https schemes for an https public origin', () => {
    const out = rewriteCsp('img-src https://*.wildberries.ru; upgrade-insecure-requests', httpsHostMap);
    expect(out).toBe(
      'img-src https://*.wb-seller.joycity.example.com https://wb-seller.joycity.example.com; upgrade-insecure-requests',
    );
  });

  it('adds the hash to default-src without script-src, to script-src-elem too, and not where every inline script is allowed', () => {
    const s = { cspSource: runtime.cspSource };
    expect(rewriteCsp("default-src 'self'", hostMap, s)).toBe(`default-src 'self' ${runtime.cspSource}`);
    expect(rewriteCsp("script-src 'self'; script-src-elem 'self'", hostMap, s)).toBe(
      `script-src 'self' ${runtime.cspSource}; script-src-elem 'self' ${runtime.cspSource}`,
    );
    expect(rewriteCsp("script-src 'self' 'unsafe-inline'", hostMap, s)).toBe(
      "script-src 'self' 'unsafe-inline'",
    );
    expect(rewriteCsp("script-src 'unsafe-inline' 'nonce-x'", hostMap, s)).toBe(
      `script-src 'unsafe-inline' 'nonce-x' ${runtime.cspSource}`,
    );
    expect(rewriteCsp("script-src 'none'", hostMap, s)).toBe(`script-src ${runtime.cspSource}`);
    expect(rewriteCsp("img-src 'self'", hostMap, s)).toBe("img-src 'self'");
    expect(rewriteCsp("script-src 'self'", hostMap, { ...s, scriptUrl: `${PUB}/__joycity/runtime.js` })).toBe(
      `script-src 'self' ${runtime.cspSource} ${PUB}/__joycity/runtime.js`,
    );
  });

  it("drops WB hosts the proxy does not forward ('none' when nothing is left) and keeps foreign sources", () => {
    expect(rewriteCsp('connect-src https://content-api.wildberries.ru', hostMap)).toBe("connect-src 'none'");
    expect(rewriteCsp('img-src https://cdn.example.com https: data:', hostMap)).toBe(
      'img-src https://cdn.example.com https: *.wb-seller.joycity.test:8080 wb-seller.joycity.test:8080 data:',
    );
    expect(rewriteCsp('script-src seller.wildberries.ru/static/', hostMap)).toBe(
      'script-src wb-seller.joycity.test:8080/static/',
    );
  });

  it("adds the rewritten inline scripts' hashes where the policy allows scripts by hash", () => {
    const s = { cspSource: runtime.cspSource, rewrittenInlineHashes: ["'sha256-NEW'"] };
    expect(rewriteCsp("script-src 'self' 'sha256-OLD'", hostMap, s)).toBe(
      `script-src 'self' 'sha256-OLD' 'sha256-NEW' ${runtime.cspSource}`,
    );
    expect(rewriteCsp("script-src 'self' 'nonce-n'", hostMap, s)).toBe(
      `script-src 'self' 'nonce-n' ${runtime.cspSource}`,
    );
    const h = rewriteResponseHeaders(
      { 'content-security-policy': "script-src 'sha256-OLD'" },
      { hostMap, wbUrl, rewrittenInlineHashes: ["'sha256-NEW'"] },
    );
    expect(h.get('content-security-policy')).toBe("script-src 'sha256-OLD' 'sha256-NEW'");
  });

  it('rewrites each policy of a comma-joined header', () => {
    expect(
      rewriteCsp('img-src https://cmp.wildberries.ru, connect-src https://cmp.wildberries.ru', hostMap),
    ).toBe(`img-src ${P('cmp')}, connect-src ${P('cmp')}`);
  });
});

describe('rewriteSetCookie', () => {
  const host = 'seller-auth.wildberries.ru';
  it('maps the parent domain to the base domain, drops Secure/Partitioned and turns SameSite=None into Lax over http', () => {
    expect(
      rewriteSetCookie(
        'WBTokenV3=t; Domain=.wildberries.ru; Path=/; Max-Age=1209600; HttpOnly; Secure; SameSite=Lax',
        hostMap,
        host,
      ),
    ).toBe('WBTokenV3=t; Domain=.wb-seller.joycity.test; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax');
    expect(
      rewriteSetCookie('a=1; domain=wildberries.ru; secure; samesite=none; partitioned', hostMap, host),
    ).toBe('a=1; Domain=.wb-seller.joycity.test; SameSite=Lax');
  });

  it('keeps Secure and SameSite=None over https', () => {
    expect(rewriteSetCookie('a=1; Domain=.wildberries.ru; Secure; SameSite=None', httpsHostMap, host)).toBe(
      'a=1; Domain=.wb-seller.joycity.example.com; Secure; SameSite=None',
    );
  });

  it('makes a cookie for the answering host host-only, maps other proxied hosts and drops the rest', () => {
    expect(
      rewriteSetCookie('wbx-refresh=r; Domain=seller-auth.wildberries.ru; Path=/auth', hostMap, host),
    ).toBe('wbx-refresh=r; Path=/auth');
    expect(rewriteSetCookie('x=1; Domain=cmp.wildberries.ru', hostMap, host)).toBe(
      'x=1; Domain=cmp.wb-seller.joycity.test',
    );
    expect(rewriteSetCookie('x=1; Domain=www.wildberries.ru', hostMap, host)).toBeNull();
    expect(rewriteSetCookie('x=1; Domain=evil.example', hostMap, host)).toBeNull();
    expect(rewriteSetCookie('x=1; Path=/; Max-Age=0', hostMap, host)).toBe('x=1; Path=/; Max-Age=0');
  });
});

describe('rewriteResponseHeaders', () => {
  it('maps Location, Refresh, Link, CORS and Timing-Allow-Origin; rewrites CSP; drops source maps; maps cookies', () => {
    const h = rewriteResponseHeaders(
      {
        location:
          'https://seller-auth.wildberries.ru/ru/?redirect_url=https%3A%2F%2Fseller.wildberries.ru%2Fanalytics',
        refresh: '3; url=https://cmp.wildberries.ru/campaigns',
        link: '<https://static-basket-01.wbbasket.ru/portal/css/app.css>; rel=preload; as=style, </static/js/app.js>; rel=modulepreload',
        'access-control-allow-origin': 'https://cmp.wildberries.ru',
        'access-control-allow-credentials': 'true',
        'timing-allow-origin': 'https://seller.wildberries.ru, https://cmp.wildberries.ru',
        'content-security-policy': "script-src 'self' 'nonce-a'",
        'content-security-policy-report-only': 'connect-src https://seller-services.wildberries.ru',
        sourcemap: '/static/js/app.js.map',
        'alt-svc': 'h3=":443"; ma=86400',
        'clear-site-data': '"cookies", "storage"',
        'permissions-policy': 'fullscreen=(self "https://cmp.wildberries.ru")',
        'x-sourcemap': '/static/js/app.js.map',
        'set-cookie': ['a=1; Domain=.wildberries.ru; Secure', 'b=2; Domain=www.wildberries.ru'],
        'content-type': 'text/html; charset=utf-8',
        'content-length': '123',
        etag: '"abc"',
      },
      { hostMap, wbUrl, runtime, bodyRewritten: true },
    );
    expect(h.get('location')).toBe(
      `${P('seller-auth')}/ru/?redirect_url=http%3A%2F%2Fwb-seller.joycity.test%3A8080%2Fanalytics`,
    );
    expect(h.get('refresh')).toBe(`3; url=${P('cmp')}/campaigns`);
    expect(h.get('link')).toBe(
      `<${P('static-basket-01--wbbasket--ru')}/portal/css/app.css>; rel=preload; as=style, </static/js/app.js>; rel=modulepreload`,
    );
    expect(h.get('access-control-allow-origin')).toBe(P('cmp'));
    expect(h.get('access-control-allow-credentials')).toBe('true');
    expect(h.get('timing-allow-origin')).toBe(`${PUB}, ${P('cmp')}`);
    expect(h.get('content-security-policy')).toBe(`script-src 'self' 'nonce-a' ${runtime.cspSource}`);
    expect(h.get('content-security-policy-report-only')).toBe(`connect-src ${P('seller-services')}`);
    expect(h.has('sourcemap')).toBe(false);
    expect(h.has('x-sourcemap')).toBe(false);
    expect(h.has('alt-svc')).toBe(false);
    expect(h.has('clear-site-data')).toBe(false);
    expect(h.get('permissions-policy')).toBe(`fullscreen=(self "${P('cmp')}")`);
    expect(h.getSetCookie()).toEqual(['a=1; Domain=.wb-seller.joycity.test']);
    expect(h.has('content-length')).toBe(false);
    expect(h.get('etag')).toBe('"abc"');
    expect(h.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('keeps relative Location and Content-Length when the body is untouched; accepts Headers', () => {
    const h = rewriteResponseHeaders(
      new Headers({ location: '/login', 'content-length': '5', 'access-control-allow-origin': '*' }),
      {
        hostMap,
        wbUrl,
      },
    );
    expect(h.get('location')).toBe('/login');
    expect(h.get('content-length')).toBe('5');
    expect(h.get('access-control-allow-origin')).toBe('*');
  });

  it('passes only the cookies the transport keeps', () => {
    const h = rewriteResponseHeaders(
      {
        'set-cookie': [
          'WBTokenV3=secret; Domain=.wildberries.ru',
          'x-supplier-id=abc; Domain=.wildberries.ru',
        ],
      },
      { hostMap, wbUrl, keepCookie: (name) => name !== 'WBTokenV3' },
    );
    expect(h.getSetCookie()).toEqual(['x-supplier-id=abc; Domain=.wb-seller.joycity.test']);
  });

  it('allows the runtime by its URL in src mode', () => {
    const h = rewriteResponseHeaders(
      { 'content-security-policy': "script-src 'strict-dynamic' 'nonce-a'" },
      { hostMap, wbUrl, runtime, runtimeMode: 'src' },
    );
    expect(h.get('content-security-policy')).toBe(
      `script-src 'strict-dynamic' 'nonce-a' ${runtime.cspSource} ${PUB}/__joycity/runtime.js`,
    );
  });
});

describe('rewriteRequestHeaders', () => {
  it('maps Origin and Referer of public hosts back to WB', () => {
    const h = rewriteRequestHeaders(
      { origin: P('cmp'), referer: `${PUB}/analytics?x=1`, accept: 'application/json' },
      { hostMap },
    );
    expect(h.get('origin')).toBe('https://cmp.wildberries.ru');
    expect(h.get('referer')).toBe('https://seller.wildberries.ru/analytics?x=1');
    expect(h.get('accept')).toBe('application/json');
  });

  it('drops a foreign Referer, keeps a foreign or null Origin (WB refuses it)', () => {
    const h = rewriteRequestHeaders(
      { origin: 'https://evil.example', referer: 'https://evil.example/x' },
      { hostMap },
    );
    expect(h.get('origin')).toBe('https://evil.example');
    expect(h.has('referer')).toBe(false);
    expect(rewriteRequestHeaders({ origin: 'null' }, { hostMap }).get('origin')).toBe('null');
    expect(mapPublicOriginToWb('http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080', hostMap)).toBe(
      'https://basket-01.wbbasket.ru',
    );
    expect(mapPublicOriginToWb('http://wb-seller.joycity.test:9999', hostMap)).toBeUndefined();
  });
});
