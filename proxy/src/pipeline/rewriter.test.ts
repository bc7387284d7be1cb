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
