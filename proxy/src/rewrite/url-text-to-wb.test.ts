import fc from 'fast-check';
import { expandWbHosts } from '@joycity/shared/wb';
import { describe, expect, it } from 'vitest';
import { PROXIED_HOST_KINDS } from '../hosts/host-map.ts';
import { hostMap, httpsHostMap, PUB } from './test-host-map.fixture.ts';
import { rewriteUrlsInText } from './url-text.ts';
import { rewritePublicUrlsToWb } from './url-text-to-wb.ts';

const back = (s: string) => rewritePublicUrlsToWb(s, hostMap);

describe('rewritePublicUrlsToWb', () => {
  it('maps public URLs back to WB in plain, escaped and percent-encoded forms', () => {
    expect(back(`${PUB}/analytics?x=1`)).toBe('https://seller.wildberries.ru/analytics?x=1');
    expect(back('ws://seller-communications.wb-seller.joycity.test:8080/ws')).toBe(
      'wss://seller-communications.wildberries.ru/ws',
    );
    expect(back(String.raw`{"u":"http:\/\/cmp.wb-seller.joycity.test:8080\/c"}`)).toBe(
      String.raw`{"u":"https:\/\/cmp.wildberries.ru\/c"}`,
    );
    expect(back('redirect_url=http%3A%2F%2Fwb-seller.joycity.test%3A8080%2Fanalytics')).toBe(
      'redirect_url=https%3A%2F%2Fseller.wildberries.ru%2Fanalytics',
    );
    expect(back('//basket-01--wbbasket--ru.wb-seller.joycity.test:8080/a.webp')).toBe(
      '//basket-01.wbbasket.ru/a.webp',
    );
    expect(back(`${PUB}/__joycity/unmapped-host/www.wildberries.ru/catalog`)).toBe(
      'https://www.wildberries.ru/catalog',
    );
    expect(rewritePublicUrlsToWb('https://cmp.wb-seller.joycity.example.com/x', httpsHostMap)).toBe(
      'https://cmp.wildberries.ru/x',
    );
  });

  it('leaves other ports, unknown subdomains and foreign hosts alone', () => {
    for (const s of [
      'http://wb-seller.joycity.test:9999/x',
      'http://wb-seller.joycity.test/x',
      'http://nope.wb-seller.joycity.test:8080/x',
      'https://example.com/?u=wb-seller.joycity.test',
      'http://wb-seller.joycity.test.evil.com:8080/',
    ]) {
      expect(back(s)).toBe(s);
    }
  });

  it('undoes rewriteUrlsInText for every proxied host (property)', () => {
    const hosts = expandWbHosts(PROXIED_HOST_KINDS);
    fc.assert(
      fc.property(
        fc.constantFrom(...hosts),
        fc.constantFrom('https://', '//', 'wss://'),
        fc.stringMatching(/^(?:\/[a-z0-9]{0,6}){0,3}$/),
        fc.constantFrom('plain', 'escaped', 'encoded'),
        (h, scheme, path, form) => {
          const wb = `${scheme}${h}${path}`;
          const text =
            form === 'plain' ? wb : form === 'escaped' ? wb.replaceAll('/', '\\/') : encodeURIComponent(wb);
          expect(back(rewriteUrlsInText(text, hostMap))).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
