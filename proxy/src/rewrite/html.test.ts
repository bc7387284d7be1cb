import { describe, expect, it } from 'vitest';
import { createRuntimeScript } from '../runtime/script.ts';
import { escapeScriptJson, rewriteHtml } from './html.ts';
import { hostMap, PUB } from './test-host-map.fixture.ts';
import { findUnmappedWbUrls } from './url-text.ts';

const runtime = createRuntimeScript(hostMap);
const wbUrl = 'https://seller.wildberries.ru/analytics';
const rw = (html: string, extra: Partial<Parameters<typeof rewriteHtml>[1]> = {}) =>
  rewriteHtml(html, { hostMap, wbUrl, ...extra }).body;
const page = (head: string, body = '') =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('rewriteHtml', () => {
  it('maps URL attributes: href, src, action, formaction, poster, data-*, base, xlink:href', () => {
    const out = rw(
      page(
        '<base href="https://seller.wildberries.ru/">',
        `<a href="https://cmp.wildberries.ru/campaigns" target="_blank">c</a><img src="//basket-01.wbbasket.ru/a.webp">` +
          `<form action="https://seller-services.wildberries.ru/ns/form"><button formaction="https://seller-services.wildberries.ru/ns/b">b</button></form>` +
          `<video poster="https://static-basket-01.wbbasket.ru/p.png"></video><div data-api="https://seller-reviews.wildberries.ru/ns"></div>` +
          `<svg><use xlink:href="https://static-basket-01.wbbasket.ru/s.svg#i"></use></svg><a href="/relative">r</a>`,
      ),
    );
    expect(out).toContain(`<base href="${PUB}/">`);
    expect(out).toContain('href="http://cmp.wb-seller.joycity.test:8080/campaigns"');
    expect(out).toContain('src="//basket-01--wbbasket--ru.wb-seller.joycity.test:8080/a.webp"');
    expect(out).toContain('action="http://seller-services.wb-seller.joycity.test:8080/ns/form"');
    expect(out).toContain('formaction="http://seller-services.wb-seller.joycity.test:8080/ns/b"');
    expect(out).toContain('poster="http://static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080/p.png"');
    expect(out).toContain('data-api="http://seller-reviews.wb-seller.joycity.test:8080/ns"');
    expect(out).toContain(
      'xlink:href="http://static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080/s.svg#i"',
    );
    expect(out).toContain('href="/relative"');
    expect(findUnmappedWbUrls(out)).toEqual([]);
  });

  it('maps every candidate of srcset and imagesrcset', () => {
    const out = rw(
      page(
        '<link rel="preload" as="image" imagesrcset="https://basket-01.wbbasket.ru/s.webp 246w, https://basket-01.wbbasket.ru/b.webp 516w">',
        '<img srcset="https://basket-01.wbbasket.ru/a.webp 1x,https://basket-02.wbbasket.ru/b.webp 2x">',
      ),
    );
    expect(out).toContain(
      'srcset="http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080/a.webp 1x,http://basket-02--wbbasket--ru.wb-seller.joycity.test:8080/b.webp 2x"',
    );
    expect(out).toContain(
      'imagesrcset="http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080/s.webp 246w, http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080/b.webp 516w"',
    );
  });

  it('maps meta refresh, a meta CSP (with our hash) and bare host attributes', () => {
    const out = rw(
      page(
        `<meta http-equiv="refresh" content="0; URL='https://seller-auth.wildberries.ru/ru/?redirect_url=https%3A%2F%2Fseller.wildberries.ru%2F'">` +
          `<meta http-equiv="Content-Security-Policy" content="script-src 'self' https://static-basket-01.wbbasket.ru">`,
        '<div data-host="cmp.wildberries.ru"></div>',
      ),
      { runtime },
    );
    expect(out).toContain(
      `content="0; URL='http://seller-auth.wb-seller.joycity.test:8080/ru/?redirect_url=http%3A%2F%2Fwb-seller.joycity.test%3A8080%2F'"`,
    );
    expect(out).toContain(
      `content="script-src 'self' http://static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080 ${runtime.cspSource}"`,
    );
    expect(out).toContain('data-host="cmp.wb-seller.joycity.test"');
  });

  it('maps inline styles, <style>, event handlers, comments and text', () => {
    const out = rw(
      page(
        '<style>.a{background:url("https://static-basket-01.wbbasket.ru/a.svg")}/*# sourceMappingURL=x.map */</style>',
        `<div style="background-image:url(https://basket-01.wbbasket.ru/b.webp)" onclick="location.href='https://cmp.wildberries.ru/'">` +
          `see https://seller.wildberries.ru/help</div><!-- https://seller.wildberries.ru/old -->`,
      ),
    );
    expect(out).toContain(
      '.a{background:url("http://static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080/a.svg")}</style>',
    );
    expect(out).toContain(
      'style="background-image:url(http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080/b.webp)"',
    );
    expect(out).toContain(`onclick="location.href='http://cmp.wb-seller.joycity.test:8080/'"`);
    expect(out).toContain(`see ${PUB}/help`);
    expect(out).toContain(`<!-- ${PUB}/old -->`);
  });

  it('maps inline scripts and JSON islands, escaping the islands against </script>, U+2028 and U+2029', () => {
    const out = rw(
      page(
        `<script nonce="abc">window.__WB_CONFIG__ = {"api":"https:\\/\\/seller.wildberries.ru\\/ns","host":"seller.wildberries.ru"};\n//# sourceMappingURL=cfg.js.map</script>` +
          `<script type="application/json" id="wb-initial-state">{"u":"https://cmp.wildberries.ru/x","t":"a\u2028b\u2029c","h":"<\\/script>"}</script>` +
          `<script type="importmap">{"imports":{"app":"https://seller.wildberries.ru/static/js/app.js"}}</script>` +
          `<script type="text/x-template"><a href="https://cmp.wildberries.ru/t">t</a></script>`,
      ),
    );
    expect(out).toContain(
      `<script nonce="abc">window.__WB_CONFIG__ = {"api":"http:\\/\\/wb-seller.joycity.test:8080\\/ns","host":"wb-seller.joycity.test"};\n</script>`,
    );
    const island = /<script type="application\/json" id="wb-initial-state">(.*?)<\/script>/s.exec(out)![1]!;
    expect(island).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(island)).toEqual({
      u: 'http://cmp.wb-seller.joycity.test:8080/x',
      t: 'a\u2028b\u2029c',
      h: '</script>',
    });
    expect(out).toContain(`"app":"${PUB}/static/js/app.js"`);
    expect(out).toContain('href="http://cmp.wb-seller.joycity.test:8080/t"');
    expect(escapeScriptJson('{"a":"</script><!--\u2028"}')).toBe('{"a":"<\\/script><!--\\u2028"}');
  });

  it('removes integrity only from script/link tags pointing at WB hosts (whose bytes the transport rewrites)', () => {
    const out = rw(
      page(
        '<link rel="stylesheet" href="https://static-basket-01.wbbasket.ru/portal/css/app.css" integrity="sha384-wb1" crossorigin>' +
          '<script src="/static/js/app.js" integrity="sha384-wb2"></script>' +
          '<link rel="modulepreload" href="./chunk.js" integrity="sha384-wb3">' +
          '<script src="https://cdn.example.com/lib.js" integrity="sha384-keep1"></script>' +
          '<link rel="stylesheet" href="https://fonts.example.net/f.css" integrity="sha384-keep2">',
      ),
    );
    expect(out).not.toMatch(/sha384-wb[123]/);
    expect(out).toContain('integrity="sha384-keep1"');
    expect(out).toContain('integrity="sha384-keep2"');
    expect(out).toContain('crossorigin');
  });

  it('puts the runtime first in <head>, after the leading <meta>s, before every page script', () => {
    const out = rw(page('<meta charset="utf-8"><title>WB</title><script>first()</script>'), { runtime });
    const at = out.indexOf('<script data-joycity-runtime="">');
    expect(at).toBeGreaterThan(out.indexOf('<meta charset="utf-8">'));
    expect(at).toBeLessThan(out.indexOf('<script>first()</script>'));
    expect(out).toContain(runtime.text);
    expect(out.indexOf('</script>', at)).toBe(
      at + '<script data-joycity-runtime="">'.length + runtime.text.length,
    );
    // a document without <head> gets one
    expect(rw('<!doctype html><p>x</p>', { runtime })).toContain(`<head><script data-joycity-runtime="">`);
  });

  it('in src mode injects <script src> with the runtime path and integrity', () => {
    const out = rw(page('<script>x()</script>'), { runtime, runtimeMode: 'src' });
    expect(out).toContain(
      `<script src="/__joycity/runtime.js" integrity="${runtime.integrity}" data-joycity-runtime=""></script><script>x()</script>`,
    );
  });

  it('rewrites fragments without injecting and returns unchanged input as is', () => {
    const frag = '<tr><td><a href="https://cmp.wildberries.ru/a">a</a></td></tr>';
    const out = rw(frag, { runtime });
    expect(out).toContain('http://cmp.wb-seller.joycity.test:8080/a');
    expect(out).not.toContain('data-joycity-runtime');
    const plain = '<!DOCTYPE html>\n<html><head></head><body><p class=a>ok</p></body></html>';
    expect(rewriteHtml(plain, { hostMap, wbUrl })).toEqual({
      body: plain,
      changed: false,
      rewrittenInlineHashes: [],
    });
  });

  it('reports the new hashes of inline scripts it changed (for hash-based CSPs)', async () => {
    const { createHash } = await import('node:crypto');
    const r = rewriteHtml(page('<script>a("https://cmp.wildberries.ru/")</script><script>b()</script>'), {
      hostMap,
      wbUrl,
    });
    const text = 'a("http://cmp.wb-seller.joycity.test:8080/")';
    expect(r.body).toContain(`<script>${text}</script>`);
    expect(r.rewrittenInlineHashes).toEqual([
      `'sha256-${createHash('sha256').update(text).digest('base64')}'`,
    ]);
  });

  it('maps inside <template> content', () => {
    const out = rw(page('', '<template><img src="https://basket-03.wbbasket.ru/t.webp"></template>'));
    expect(out).toContain('src="http://basket-03--wbbasket--ru.wb-seller.joycity.test:8080/t.webp"');
  });
});
