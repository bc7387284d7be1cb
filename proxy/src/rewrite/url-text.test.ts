import { describe, expect, it } from 'vitest';
import { hostMap, httpsHostMap, PUB } from './test-host-map.fixture.ts';
import fc from 'fast-check';
import { createHostMap } from '../hosts/host-map.ts';
import {
  findUnmappedWbUrls,
  rewriteUrlsInText,
  rewriteUrlsInTextChecked,
  UNMAPPED_HOST_PATH,
  URL_RE,
  urlMatches,
} from './url-text.ts';

const map = (s: string) => rewriteUrlsInText(s, hostMap);

describe('rewriteUrlsInText', () => {
  it('maps absolute URLs of every proxied host, keeping path, query and fragment', () => {
    expect(map('https://seller.wildberries.ru/ns/x?a=1#h')).toBe(`${PUB}/ns/x?a=1#h`);
    expect(map('http://cmp.wildberries.ru/campaigns')).toBe(
      'http://cmp.wb-seller.joycity.test:8080/campaigns',
    );
    expect(map('https://basket-12.wbbasket.ru/vol1/a.webp')).toBe(
      'http://basket-12--wbbasket--ru.wb-seller.joycity.test:8080/vol1/a.webp',
    );
    expect(map('https://static-basket-03.wb.ru/x')).toBe(
      'http://static-basket-03--wb--ru.wb-seller.joycity.test:8080/x',
    );
    expect(map('HTTPS://SELLER.WILDBERRIES.RU/A')).toBe(`${PUB}/A`);
  });

  it('drops WB ports and follows the public scheme (ws schemes too)', () => {
    expect(map('https://seller.wildberries.ru:443/x')).toBe(`${PUB}/x`);
    expect(map('wss://seller-communications.wildberries.ru/ns/notifications/ws')).toBe(
      'ws://seller-communications.wb-seller.joycity.test:8080/ns/notifications/ws',
    );
    expect(rewriteUrlsInText('wss://cmp.wildberries.ru/ws', httpsHostMap)).toBe(
      'wss://cmp.wb-seller.joycity.example.com/ws',
    );
    expect(rewriteUrlsInText('http://cmp.wildberries.ru/', httpsHostMap)).toBe(
      'https://cmp.wb-seller.joycity.example.com/',
    );
  });

  it('maps protocol-relative, JSON-escaped and percent-encoded forms', () => {
    expect(map('<link href="//seller.wildberries.ru/favicon.ico">')).toBe(
      `<link href="//wb-seller.joycity.test:8080/favicon.ico">`,
    );
    expect(map(String.raw`{"u":"https:\/\/seller-services.wildberries.ru\/ns"}`)).toBe(
      String.raw`{"u":"http:\/\/seller-services.wb-seller.joycity.test:8080\/ns"}`,
    );
    expect(map(String.raw`"\/\/cmp.wildberries.ru\/x"`)).toBe(
      String.raw`"\/\/cmp.wb-seller.joycity.test:8080\/x"`,
    );
    expect(map('?redirect_url=https%3A%2F%2Fseller.wildberries.ru%2Fx')).toBe(
      '?redirect_url=http%3A%2F%2Fwb-seller.joycity.test%3A8080%2Fx',
    );
    expect(map('?r=https%3a%2f%2fcmp.wildberries.ru%2F')).toBe(
      '?r=http%3A%2F%2Fcmp.wb-seller.joycity.test%3A8080%2F',
    );
  });

  it('maps bare quoted host strings and the cookie parent domain, not hosts inside prose', () => {
    expect(map(`const h = "seller-services.wildberries.ru";`)).toBe(
      `const h = "seller-services.wb-seller.joycity.test";`,
    );
    expect(map(`['cmp.wildberries.ru', \`pow.wb.ru\`]`)).toBe(
      `['cmp.wb-seller.joycity.test', \`pow--wb--ru.wb-seller.joycity.test\`]`,
    );
    expect(map(`document.cookie = "a=1; domain=" + ".wildberries.ru"`)).toBe(
      `document.cookie = "a=1; domain=" + ".wb-seller.joycity.test"`,
    );
    expect(map(`h.endsWith('wildberries.ru')`)).toBe(`h.endsWith('wb-seller.joycity.test')`);
    expect(map(`"go to seller.wildberries.ru today"`)).toBe(`"go to seller.wildberries.ru today"`);
    expect(map(`"www.wildberries.ru"`)).toBe(`"www.wildberries.ru"`); // not proxied: left (and not flagged)
  });

  it('sends WB hosts the proxy does not forward to the unmapped-host path, never to WB', () => {
    expect(map('https://www.wildberries.ru/catalog/1/detail.aspx')).toBe(
      `${PUB}${UNMAPPED_HOST_PATH}www.wildberries.ru/catalog/1/detail.aspx`,
    );
    expect(map('https://content-api.wildberries.ru/ping')).toBe(
      `${PUB}${UNMAPPED_HOST_PATH}content-api.wildberries.ru/ping`,
    );
    expect(map('//basket-99.wbbasket.ru/a')).toBe(
      `//wb-seller.joycity.test:8080${UNMAPPED_HOST_PATH}basket-99.wbbasket.ru/a`,
    );
    expect(map(String.raw`"https:\/\/dev.wildberries.ru\/x"`)).toBe(
      String.raw`"http:\/\/wb-seller.joycity.test:8080\/__joycity\/unmapped-host\/dev.wildberries.ru\/x"`,
    );
    expect(findUnmappedWbUrls(map('x https://a.b.wildberries.ru/ y https%3A%2F%2Fwww.wb.ru'))).toEqual([]);
  });

  it('leaves look-alike and foreign hosts alone', () => {
    for (const s of [
      'https://wildberries.ru.evil.com/x',
      'https://notwildberries.ru/x',
      'https://seller.wildberries.rux/',
      'https://example.com/?u=seller.wildberries.ru',
      'mailto:help@seller.wildberries.ru',
      `${PUB}/x`,
      'http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080/a',
    ]) {
      expect(map(s)).toBe(s);
    }
  });

  it('is idempotent: public URLs stay as they are', () => {
    const once = map(
      'a https://seller.wildberries.ru/x "cmp.wildberries.ru" https://www.wildberries.ru/y //pow.wb.ru/',
    );
    expect(map(once)).toBe(once);
  });
});

describe('findUnmappedWbUrls', () => {
  it('reports every URL form left and proxied bare hosts', () => {
    const found = findUnmappedWbUrls(
      String.raw`https://seller.wildberries.ru/ //cmp.wildberries.ru https:\/\/x.wb.ru https%3A%2F%2Fbasket-01.wbbasket.ru "seller-auth.wildberries.ru" ".wildberries.ru" "www.wildberries.ru" wss://seller-communications.wildberries.ru`,
    ).map((f) => f.match);
    expect(found).toEqual([
      'https://seller.wildberries.ru',
      '//cmp.wildberries.ru',
      String.raw`https:\/\/x.wb.ru`,
      'https%3A%2F%2Fbasket-01.wbbasket.ru',
      '"seller-auth.wildberries.ru"',
      '".wildberries.ru"',
      'wss://seller-communications.wildberries.ru',
    ]);
  });

  it('finds nothing in text without WB names', () => {
    expect(findUnmappedWbUrls('hello https://example.com/')).toEqual([]);
  });
});

describe('the URL scanner', () => {
  // Pieces that make WB-looking text in every awkward arrangement: domains in any case, host runs cut by
  // `_`, labels over 63 characters, schemes, slashes plain/escaped/encoded, ports, quotes, look-behind
  // characters, non-ASCII.
  const piece = fc.constantFrom(
    'wb.ru',
    'WB.RU',
    'wbbasket.ru',
    'wildberries.ru',
    'Wildberries.Ru',
    'seller.',
    'basket-01.',
    'a',
    'x'.repeat(64),
    '.',
    '-',
    '_',
    ' ',
    '//',
    String.raw`\/\/`,
    '%2F%2F',
    '%2f%2F',
    '%3A',
    'https:',
    'HTTP:',
    'wss:',
    'ws',
    'https%3A',
    ':443',
    ':8080',
    '123456',
    '"',
    "'",
    '`',
    '+',
    'ё',
    '/path',
  );
  const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

  it('finds exactly what a whole-text regex scan finds', () => {
    const reference = new RegExp(URL_RE.source, URL_RE.flags);
    fc.assert(
      fc.property(text, (t) => {
        const fast = [...urlMatches(t)].map(({ index, groups }) => [index, ...groups]);
        const slow = [...t.matchAll(reference)].map((m) => [m.index, ...m]);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 3000 },
    );
  });

  it('handles long host runs with many WB domains in one pass', () => {
    const run = `//${'a.wb.ru.'.repeat(5000)}wb.ru/x "${'wb.ru'.repeat(3000)}"`;
    const reference = new RegExp(URL_RE.source, URL_RE.flags);
    expect([...urlMatches(run)].map((m) => [m.index, m.groups[0]])).toEqual(
      [...run.matchAll(reference)].map((m) => [m.index, m[0]]),
    );
  });

  it('proves a rewrite clean only when no WB domain is left in it', () => {
    // Public hosts ending in `wb` (a port dropped before `.ru` could spell a WB domain) or naming one.
    const maps = [
      hostMap,
      httpsHostMap,
      createHostMap({ appDomain: 'joycity.wb', publicOrigin: 'https://wb-seller.joycity.wb' }),
      createHostMap({ appDomain: 'wb.ru', publicOrigin: 'http://wb-seller.wb.ru:8080' }),
    ];
    const withUrls = fc
      .array(
        fc.oneof(piece, fc.constantFrom('https://seller.wildberries.ru', '"cmp.wildberries.ru"', '.ru')),
        {
          maxLength: 40,
        },
      )
      .map((p) => p.join(''));
    let proven = 0;
    fc.assert(
      fc.property(withUrls, fc.constantFrom(...maps), (t, m) => {
        const { text: out, clean } = rewriteUrlsInTextChecked(t, m);
        expect(out).toBe(rewriteUrlsInText(t, m));
        if (clean) {
          proven++;
          expect(out).not.toMatch(/(?:wildberries|wbbasket|wb)\.ru/i);
          expect(findUnmappedWbUrls(out, m)).toEqual([]);
        }
      }),
      { numRuns: 3000 },
    );
    expect(proven).toBeGreaterThan(100);
  });

  it('proves a typical JSON answer clean, and not text that names WB in prose or unmapped hosts', () => {
    const photos = Array.from(
      { length: 20 },
      (_, i) => `{"nmId":${i},"photo":"https://basket-13.wbbasket.ru/vol1/part1/${i}/images/tm/1.webp"}`,
    );
    const json = `{"data":[${photos.join(',')}]}`;
    expect(rewriteUrlsInTextChecked(json, hostMap).clean).toBe(true);
    expect(rewriteUrlsInTextChecked(`${json} see wildberries.ru`, hostMap).clean).toBe(false);
    expect(rewriteUrlsInTextChecked('"https://www.wildberries.ru/x"', hostMap).clean).toBe(false);
    expect(rewriteUrlsInTextChecked('no WB here', hostMap)).toEqual({ text: 'no WB here', clean: true });
    // A dropped port lets the public host and the text after it spell a WB domain: not proven, and caught.
    const wbApp = createHostMap({ appDomain: 'joycity.wb', publicOrigin: 'https://wb-seller.joycity.wb' });
    const edge = rewriteUrlsInTextChecked('"https://seller.wildberries.ru:443.ru/x"', wbApp);
    expect(edge).toEqual({ text: '"https://wb-seller.joycity.wb.ru/x"', clean: false });
    expect(findUnmappedWbUrls(edge.text, wbApp)).not.toEqual([]);
  });
});
