import { expandWbHosts } from '@joycity/shared/wb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHostMap, HostMapConfigError, PROXIED_HOST_KINDS } from './host-map.ts';

const map = createHostMap({
  appDomain: 'joycity.localhost',
  publicOrigin: 'http://wb-seller.joycity.localhost:8080',
});
const allowed = expandWbHosts(PROXIED_HOST_KINDS);

describe('createHostMap', () => {
  it('maps the portal to the base host and wildberries.ru subdomains to subdomains of it', () => {
    expect(map.publicHostFor('seller.wildberries.ru')).toBe('wb-seller.joycity.localhost');
    expect(map.publicHostFor('cmp.wildberries.ru')).toBe('cmp.wb-seller.joycity.localhost');
    expect(map.publicHostFor('seller-auth.wildberries.ru')).toBe('seller-auth.wb-seller.joycity.localhost');
    expect(map.wbHostFor('wb-seller.joycity.localhost:8080')?.host).toBe('seller.wildberries.ru');
    expect(map.wbHostFor('CMP.wb-seller.joycity.localhost.')?.host).toBe('cmp.wildberries.ru');
  });

  it('encodes other WB hosts into one DNS-safe label', () => {
    expect(map.publicHostFor('basket-12.wbbasket.ru')).toBe(
      'basket-12--wbbasket--ru.wb-seller.joycity.localhost',
    );
    expect(map.publicHostFor('pow.wb.ru')).toBe('pow--wb--ru.wb-seller.joycity.localhost');
    expect(map.wbHostFor('static-basket-03--wb--ru.wb-seller.joycity.localhost')?.host).toBe(
      'static-basket-03.wb.ru',
    );
  });

  it('has at least 15 upstream hosts, and no seller API host', () => {
    expect(allowed.length).toBeGreaterThanOrEqual(15);
    expect(map.publicHostFor('statistics-api.wildberries.ru')).toBeUndefined();
    expect(map.wbHostFor('statistics-api.wb-seller.joycity.localhost')).toBeUndefined();
  });

  it('is a bijection on the table (property)', () => {
    const seen = new Set<string>();
    for (const host of allowed) {
      const pub = map.publicHostFor(host);
      expect(pub, host).toBeDefined();
      expect(pub!.split('.')[0]!.length).toBeLessThanOrEqual(63);
      expect(map.wbHostFor(pub!)?.host).toBe(host);
      expect(seen.has(pub!)).toBe(false);
      seen.add(pub!);
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...allowed),
        (host) => map.wbHostFor(map.publicHostFor(host)!)?.host === host,
      ),
    );
  });

  it('rejects every host off the table, both ways (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/);
    const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
    fc.assert(
      fc.property(host, (h) => {
        const wb = map.wbHostFor(`${h}.wb-seller.joycity.localhost`);
        // whatever a public host decodes to must be in the table and map back to exactly that public host
        if (wb)
          return (
            allowed.includes(wb.host) && map.publicHostFor(wb.host) === `${h}.wb-seller.joycity.localhost`
          );
        return true;
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(host, (h) => {
        const pub = map.publicHostFor(h);
        return pub === undefined ? !allowed.includes(h) : allowed.includes(h);
      }),
      { numRuns: 2_000 },
    );
    for (const bad of [
      'evil.com',
      'wildberries.ru.evil.com',
      'basket-99.wbbasket.ru',
      'seller.wildberries.ru.evil.com',
      'seller--wildberries--ru.wb-seller.joycity.localhost', // non-canonical spelling of the base host
      'seller.wb-seller.joycity.localhost',
      'a.cmp.wb-seller.joycity.localhost',
      'wb-seller.joycity.localhost.evil.com',
      '[::1]',
    ]) {
      expect(map.wbHostFor(bad), bad).toBeUndefined();
    }
  });

  it('maps URLs both ways, keeping the public port and refusing credentials and odd ports', () => {
    expect(map.toPublicUrl('https://cmp.wildberries.ru/api/v5/x?a=1#h')).toBe(
      'http://cmp.wb-seller.joycity.localhost:8080/api/v5/x?a=1#h',
    );
    expect(map.toPublicUrl('//basket-01.wbbasket.ru/vol1/a.webp')).toBe(
      'http://basket-01--wbbasket--ru.wb-seller.joycity.localhost:8080/vol1/a.webp',
    );
    expect(map.toPublicUrl('https://user:pw@seller.wildberries.ru/')).toBeUndefined();
    expect(map.toPublicUrl('https://seller.wildberries.ru:8443/')).toBeUndefined();
    expect(map.toPublicUrl('https://example.com/')).toBeUndefined();
    expect(map.toPublicUrl('/relative')).toBeUndefined();
    expect(map.toWbUrl('http://wb-seller.joycity.localhost:8080/ns/x?y=1')).toBe(
      'https://seller.wildberries.ru/ns/x?y=1',
    );
    expect(map.toWbUrl('//cmp.wb-seller.joycity.localhost:8080/a')).toBe('https://cmp.wildberries.ru/a');
    expect(map.toWbUrl('http://wb-seller.joycity.localhost:9999/')).toBeUndefined();
    expect(map.toWbUrl('https://wb-seller.joycity.localhost:8080/')).toBeUndefined();
  });

  it('keeps no port when the public origin has none', () => {
    const prod = createHostMap({
      appDomain: 'joycity.example.com',
      publicOrigin: 'https://wb-seller.joycity.example.com',
    });
    expect(prod.publicOriginFor('cmp.wildberries.ru')).toBe('https://cmp.wb-seller.joycity.example.com');
  });

  it('refuses a bad configuration eagerly', () => {
    expect(() => createHostMap({ appDomain: 'bad domain', publicOrigin: 'http://x' })).toThrow(
      HostMapConfigError,
    );
    expect(() => createHostMap({ appDomain: 'a.test', publicOrigin: 'http://wb-seller.b.test' })).toThrow(
      /must be on wb-seller\.a\.test/,
    );
  });
});
