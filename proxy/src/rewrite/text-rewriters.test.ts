import { describe, expect, it } from 'vitest';
import { stripSourceMapLinks } from './sourcemap.ts';
import { hostMap, PUB } from './test-host-map.fixture.ts';
import { rewriteCss, rewriteJs, rewriteJson } from './text-rewriters.ts';
import { findUnmappedWbUrls } from './url-text.ts';

describe('rewriteJs', () => {
  it('maps literals, escaped forms and bare host strings, and drops the source-map link', () => {
    const js = [
      `const api = "https://seller-services.wildberries.ru/ns/reports";`,
      `const cfg = JSON.parse('{"cmp":"https:\\/\\/cmp.wildberries.ru"}');`,
      `const host = 'seller-weekly-report.wildberries.ru';`,
      `new WebSocket(\`wss://seller-communications.wildberries.ru/ns/notifications/ws\`);`,
      `//# sourceMappingURL=https://seller.wildberries.ru/static/js/app.js.map`,
    ].join('\n');
    const out = rewriteJs(js, hostMap);
    expect(out).toContain(`"http://seller-services.wb-seller.joycity.test:8080/ns/reports"`);
    expect(out).toContain(String.raw`"cmp":"http:\/\/cmp.wb-seller.joycity.test:8080"`);
    expect(out).toContain(`'seller-weekly-report.wb-seller.joycity.test'`);
    expect(out).toContain('`ws://seller-communications.wb-seller.joycity.test:8080/ns/notifications/ws`');
    expect(out).not.toContain('sourceMappingURL');
    expect(findUnmappedWbUrls(out)).toEqual([]);
  });

  it('leaves code without WB URLs byte for byte', () => {
    const js = 'const a = "https://example.com"; // comment\nexport default a;';
    expect(rewriteJs(js, hostMap)).toBe(js);
  });
});

describe('rewriteCss', () => {
  it('maps url() and @import, keeps relative URLs and drops the source-map comment', () => {
    const css = [
      `@import url("https://static-basket-01.wbbasket.ru/portal/css/fonts.css");`,
      `.logo{background:url(https://static-basket-01.wbbasket.ru/portal/img/logo.svg)}`,
      `.x{background:url('//basket-02.wbbasket.ru/a.webp')} .y{background:url(../img/y.svg)}`,
      `/*# sourceMappingURL=app.css.map */`,
    ].join('\n');
    const out = rewriteCss(css, hostMap);
    expect(out).toContain(
      '@import url("http://static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080/portal/css/fonts.css")',
    );
    expect(out).toContain(
      'url(http://static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080/portal/img/logo.svg)',
    );
    expect(out).toContain(`url('//basket-02--wbbasket--ru.wb-seller.joycity.test:8080/a.webp')`);
    expect(out).toContain('url(../img/y.svg)');
    expect(out).not.toContain('sourceMappingURL');
  });
});

describe('rewriteJson', () => {
  it('maps URL strings and keeps every other byte (big integers, spacing, key order)', () => {
    const json = `{"id": 300000357123456789012, "photo":"https://basket-01.wbbasket.ru/vol1/1.webp","link":"https:\\/\\/seller.wildberries.ru\\/x","n":[1,2]}`;
    const out = rewriteJson(json, hostMap);
    expect(out).toBe(
      `{"id": 300000357123456789012, "photo":"http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080/vol1/1.webp","link":"http:\\/\\/wb-seller.joycity.test:8080\\/x","n":[1,2]}`,
    );
    expect(JSON.parse(out)).toMatchObject({ link: `${PUB}/x` });
  });
});

describe('stripSourceMapLinks', () => {
  it('drops line and block forms, old @ forms, and keeps everything else', () => {
    expect(stripSourceMapLinks('a();\n//# sourceMappingURL=a.js.map\n')).toBe('a();\n\n');
    expect(stripSourceMapLinks('a();\n//@ sourceMappingURL=a.js.map')).toBe('a();\n');
    expect(stripSourceMapLinks('b{}\n/*# sourceMappingURL=data:application/json;base64,eyJ9 */')).toBe(
      'b{}\n',
    );
    expect(stripSourceMapLinks('const s = "sourceMappingURL";')).toBe('const s = "sourceMappingURL";');
  });
});
