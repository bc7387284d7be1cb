import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostMap } from '../rewrite/test-host-map.fixture.ts';
import { createRewriter } from './rewriter.ts';

const ctx = { wbHost: 'seller-weekly-report.wildberries.ru', target: '/ns/orders' };

describe('createRewriter: the leak check', () => {
  it('passes a body the rewriting pass proved clean, and still catches anything else', () => {
    const rw = createRewriter(hostMap);
    const out = rw.rewriteBody('application/json', '{"p":"https://basket-01.wbbasket.ru/1.webp"}', ctx);
    expect(out).toBe('{"p":"http://basket-01--wbbasket--ru.wb-seller.joycity.test:8080/1.webp"}');
    // A different text right after a proven rewrite is scanned in full.
    expect(rw.findUnmappedWbUrls(`${out} "https://seller.wildberries.ru/x"`)).toEqual([
      'https://seller.wildberries.ru',
    ]);
    expect(rw.findUnmappedWbUrls(out)).toEqual([]);
  });

  it('scans bodies the pass could not prove clean (HTML, unmapped hosts), and finds leaks in them', () => {
    const rw = createRewriter(hostMap);
    const json = rw.rewriteBody('application/json', '{"u":"https://www.wildberries.ru/x"}', ctx);
    expect(json).toContain('/__joycity/unmapped-host/www.wildberries.ru/x');
    expect(rw.findUnmappedWbUrls(json)).toEqual([]);
    const html = rw.rewriteBody('text/html', '<a href="https://cmp.wildberries.ru/">c</a>', ctx);
    expect(rw.findUnmappedWbUrls(html)).toEqual([]);
    expect(rw.findUnmappedWbUrls('<img src="//basket-01.wbbasket.ru/a.webp">')).toEqual([
      '//basket-01.wbbasket.ru',
    ]);
  });
});

describe('createRewriter: rewriting bytes', () => {
  const rw = createRewriter(hostMap);
  const piece = fc.constantFrom(
    'https://basket-01.wbbasket.ru/1.webp',
    'HTTPS://SELLER.WILDBERRIES.RU',
    String.raw`https:\/\/cmp.wildberries.ru\/x`,
    'https%3A%2F%2Fseller.wildberries.ru%2F',
    '"seller-services.wildberries.ru"',
    'https://www.wildberries.ru/x',
    'wildberries.ru',
    ':443',
    '//',
    '"',
    'Платье трикотажное',
    'ß',
    'ſ',
    'K',
    '😀',
    '\u2028',
    '\n//# sourceMappingURL=a.js.map\n',
    'a',
    '.',
    '-',
  );
  const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

  it('gives, byte for byte, what decoding, rewriting, checking and encoding give', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom('application/json', 'application/javascript', 'text/css', 'text/plain'),
        (t, type) => {
          const viaText = rw.rewriteBody(type, t, ctx);
          const bytes = rw.rewriteBodyBytes(type, Buffer.from(t), ctx)!;
          expect(bytes.body.toString('utf8')).toBe(viaText);
          expect(bytes.leaks).toEqual(rw.findUnmappedWbUrls(viaText));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('leaves HTML and worker scripts to the text path, and returns unchanged bytes as they are', () => {
    expect(rw.rewriteBodyBytes('text/html', Buffer.from('<p>x</p>'), ctx)).toBeUndefined();
    expect(
      rw.rewriteBodyBytes('text/javascript', Buffer.from('x'), { ...ctx, fetchDest: 'worker' }),
    ).toBeUndefined();
    const plain = Buffer.from('{"a":"Платье"}');
    expect(rw.rewriteBodyBytes('application/json', plain, ctx)).toEqual({ body: plain, leaks: [] });
  });
});
