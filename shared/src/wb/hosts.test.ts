import { describe, expect, it } from 'vitest';
import { WB_HOSTS, WB_HOST_PATTERNS, expandWbHosts, isWbHost, lookupWbHost, normalizeHost } from './hosts.ts';
import { WB_TOKEN_SCOPES, scopeCodes, scopeMask } from './token-scopes.ts';

describe('WB host catalogue', () => {
  it('has every host once, in lower case without a port', () => {
    const hosts = WB_HOSTS.map((h) => h.host);
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const h of hosts) expect(h).toMatch(/^[a-z0-9.-]+$/);
  });

  it('knows the seller API hosts of REFERENCE.md with their scope bits', () => {
    expect(lookupWbHost('statistics-api.wildberries.ru')).toMatchObject({ kind: 'seller-api', scopeBit: 5 });
    expect(lookupWbHost('finance-api.wildberries.ru')).toMatchObject({ kind: 'seller-api', scopeBit: 13 });
    expect(lookupWbHost('common-api.wildberries.ru')).toMatchObject({ kind: 'seller-api', role: 'common' });
    expect(lookupWbHost('common-api.wildberries.ru')?.scopeBit).toBeUndefined();
    expect(lookupWbHost('content-api-sandbox.wildberries.ru')).toMatchObject({ sandbox: true });
  });

  it('has at least 15 portal-side hosts, counting patterns', () => {
    const portalSide = WB_HOSTS.filter((h) => h.kind !== 'seller-api').length + WB_HOST_PATTERNS.length;
    expect(portalSide).toBeGreaterThanOrEqual(15);
    for (const h of [
      'seller.wildberries.ru',
      'seller-auth.wildberries.ru',
      'seller-services.wildberries.ru',
      'seller-weekly-report.wildberries.ru',
      'discounts-prices.wildberries.ru',
      'seller-content.wildberries.ru',
      'seller-reviews.wildberries.ru',
      'seller-supply.wildberries.ru',
      'cmp.wildberries.ru',
      'seller-communications.wildberries.ru',
    ]) {
      expect(lookupWbHost(h)?.kind).toBe('portal');
    }
  });

  it('matches numbered hosts by pattern within their range only', () => {
    expect(lookupWbHost('basket-12.wbbasket.ru')).toMatchObject({
      kind: 'static',
      role: 'static-basket',
      number: 12,
    });
    expect(lookupWbHost('static-basket-01.wbbasket.ru')).toMatchObject({ role: 'static-files', number: 1 });
    expect(lookupWbHost('feedback04.wbbasket.ru')).toMatchObject({ role: 'static-feedback' });
    expect(lookupWbHost('static-basket-03.wb.ru')).toMatchObject({ kind: 'static', role: 'static-files' });
    expect(lookupWbHost('basket-99.wbbasket.ru')).toBeUndefined();
    expect(lookupWbHost('basket-1.wbbasket.ru')).toBeUndefined();
    expect(lookupWbHost('evil-basket-01.wbbasket.ru')).toBeUndefined();
    expect(lookupWbHost('basket-01.wbbasket.ru.evil.com')).toBeUndefined();
  });

  it('refuses lookalikes and normalises case, port and a trailing dot', () => {
    expect(isWbHost('seller.wildberries.ru.evil.com')).toBe(false);
    expect(isWbHost('evilseller.wildberries.ru')).toBe(false);
    expect(isWbHost('wildberries.ru')).toBe(false);
    expect(normalizeHost('Seller.Wildberries.RU:443')).toBe('seller.wildberries.ru');
    expect(isWbHost('SELLER.wildberries.ru.')).toBe(true);
    expect(isWbHost('[::1]:80')).toBe(false);
  });

  it('expands patterns for allow-lists', () => {
    const statics = expandWbHosts(['static']);
    expect(statics).toContain('basket-01.wbbasket.ru');
    expect(statics).toContain('basket-40.wbbasket.ru');
    expect(statics.every((h) => isWbHost(h))).toBe(true);
    expect(expandWbHosts(['seller-api']).every((h) => h.endsWith('.wildberries.ru'))).toBe(true);
  });
});

describe('WB token scopes', () => {
  it('maps category codes to the s bitmask and back', () => {
    const mask = scopeMask(['statistics', 'finance']);
    expect(mask).toBe((1 << 5) | (1 << 13));
    expect(scopeCodes(mask)).toEqual(['statistics', 'finance']);
    expect(scopeCodes(scopeMask(['read-only']))).toEqual(['read-only']);
    expect(() => scopeMask(['nope'])).toThrow(/nope/);
    expect(new Set(WB_TOKEN_SCOPES.map((s) => s.bit)).size).toBe(WB_TOKEN_SCOPES.length);
  });
});
