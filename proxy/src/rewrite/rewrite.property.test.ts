import { expandWbHosts } from '@joycity/shared/wb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROXIED_HOST_KINDS } from '../hosts/host-map.ts';
import { createRuntimeScript } from '../runtime/script.ts';
import { rewriteBody } from './body.ts';
import { hostMap, PUB } from './test-host-map.fixture.ts';
import { findUnmappedWbUrls } from './url-text.ts';

const runtime = createRuntimeScript(hostMap);
const proxied = expandWbHosts(PROXIED_HOST_KINDS);
const others = [
  'www.wildberries.ru',
  'content-api.wildberries.ru',
  'a.b.wildberries.ru',
  'basket-77.wbbasket.ru',
  'x.wb.ru',
];

const host = fc.oneof(fc.constantFrom(...proxied), fc.constantFrom(...others));
const path = fc.stringMatching(/^(?:\/[a-zA-Z0-9_.~-]{0,8}){0,3}(?:\?[a-z]=[a-z0-9]{0,4})?$/);
/** A WB URL in one of the forms the rewriters map, in a form fit for the context. */
const wbUrl = fc
  .tuple(
    host,
    path,
    fc.constantFrom('https://', 'http://', '//', 'wss://', 'HTTPS://'),
    fc.constantFrom('', ':443'),
    fc.boolean(),
  )
  .map(([h, p, scheme, port, upper]) => `${scheme}${upper ? h.toUpperCase() : h}${port}${p}`);
const escaped = wbUrl.map((u) => u.replaceAll('/', '\\/'));
const encoded = wbUrl.map((u) => encodeURIComponent(u));
const bare = fc.constantFrom(...proxied).map((h) => `"${h}"`);
const filler = fc.stringMatching(/^[a-zA-Z0-9 ,.;:=(){}-]{0,12}$/);

const anyUrlText = fc.oneof(wbUrl, escaped, encoded);
const textDoc = fc
  .array(fc.tuple(filler, fc.oneof(anyUrlText, bare)), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([f, u]) => `${f}${u}`).join(' '));

const htmlPart = fc.oneof(
  wbUrl.map((u) => `<a href="${u}">a</a>`),
  fc.tuple(wbUrl, wbUrl).map(([a, b]) => `<img srcset="${a} 1x, ${b} 2x" src="${a}">`),
  wbUrl.map((u) => `<div style="background:url(${u})">t</div>`),
  wbUrl.map((u) => `<form action="${u}"><button formaction="${u}">b</button></form>`),
  wbUrl.map((u) => `<meta http-equiv="refresh" content="0; url=${u}">`),
  fc.tuple(wbUrl, escaped, bare).map(([u, e, b]) => `<script>var a="${u}", b="${e}", c=${b};</script>`),
  fc
    .tuple(wbUrl, escaped)
    .map(([u, e]) => `<script type="application/json">{"a":"${u}","b":"${e}"}</script>`),
  wbUrl.map((u) => `<style>.x{background:url('${u}')}</style>`),
  wbUrl.map((u) => `<p>see ${u} <!-- ${u} --></p>`),
  encoded.map((u) => `<a href="/login?redirect=${u}">l</a>`),
  filler.map((f) => `<span>${f}</span>`),
);
const htmlDoc = fc
  .array(htmlPart, { minLength: 1, maxLength: 10 })
  .map((parts) => `<!doctype html><html><head></head><body>${parts.join('\n')}</body></html>`);

const KINDS = ['application/javascript', 'text/css', 'application/json', 'text/plain'] as const;

describe('rewriting (property)', () => {
  it('leaves no unmapped WB URL in any text body', () => {
    fc.assert(
      fc.property(textDoc, fc.constantFrom(...KINDS), (doc, contentType) => {
        const { body } = rewriteBody({
          contentType,
          body: doc,
          wbUrl: 'https://seller.wildberries.ru/',
          hostMap,
        });
        expect(findUnmappedWbUrls(body, hostMap)).toEqual([]);
        // and rewriting again changes nothing
        expect(
          rewriteBody({ contentType, body, wbUrl: 'https://seller.wildberries.ru/', hostMap }).changed,
        ).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no unmapped WB URL in any HTML page (runtime included)', () => {
    fc.assert(
      fc.property(htmlDoc, (doc) => {
        const { body } = rewriteBody({
          contentType: 'text/html',
          body: doc,
          wbUrl: 'https://seller.wildberries.ru/x',
          hostMap,
          runtime,
        });
        expect(findUnmappedWbUrls(body, hostMap)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('is a no-op on documents made of public URLs only', () => {
    const pubUrl = fc
      .tuple(fc.constantFrom(...proxied), path)
      .map(([h, p]) => `${hostMap.publicOriginFor(h)}${p}`);
    const pubDoc = fc
      .array(fc.tuple(filler, pubUrl), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.map(([f, u]) => `${f}"${u}"`).join(' '));
    fc.assert(
      fc.property(pubDoc, fc.constantFrom(...KINDS), (doc, contentType) => {
        const r = rewriteBody({ contentType, body: doc, wbUrl: `${PUB}/`, hostMap });
        expect([r.body, r.changed]).toEqual([doc, false]);
        const html = `<!doctype html><html><head></head><body><a href="${doc.replaceAll('"', '')}">x</a><p>${doc}</p></body></html>`;
        const h = rewriteBody({ contentType: 'text/html', body: html, wbUrl: `${PUB}/`, hostMap });
        expect([h.body, h.changed, h.kind]).toEqual([html, false, 'html']);
      }),
      { numRuns: 200 },
    );
  });
});
