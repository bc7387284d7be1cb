import { describe, expect, it } from 'vitest';
import { safeReturnUrl } from './return-url.ts';

const rules = { appDomain: 'joycity.test' };

describe('safeReturnUrl (oauth2-proxy rules)', () => {
  it.each([
    ['/', '/'],
    ['/analytics/orders?x=1#y', '/analytics/orders?x=1#y'],
    ['http://wb-seller.joycity.test:8080/x?y=1', 'http://wb-seller.joycity.test:8080/x?y=1'],
    ['https://cmp.wb-seller.joycity.test/campaigns', 'https://cmp.wb-seller.joycity.test/campaigns'],
    ['http://joycity.test/', 'http://joycity.test/'],
  ])('accepts %s', (input, expected) => {
    expect(safeReturnUrl(input, rules)).toBe(expected);
  });

  it.each([
    ['//evil.com'],
    ['///evil.com'],
    ['/\\evil.com'],
    ['\\\\evil.com'],
    ['/%09/evil.com'.replace('%09', '\t')],
    [' /x'],
    ['/x\n'],
    ['\u200b/x'],
    ['https://evil.com/'],
    ['https://joycity.test.evil.com/'],
    ['https://evil.com/.joycity.test'],
    ['https://evil.com\\@wb-seller.joycity.test/'],
    ['https://user:pw@wb-seller.joycity.test/'],
    ['https://wb-seller.joycity.test@evil.com/'],
    ['javascript:alert(1)'],
    ['data:text/html,x'],
    ['http:evil.com'],
    ['http:/wb-seller.joycity.test/'],
    ['ftp://wb-seller.joycity.test/'],
    ['x'.repeat(5000)],
    [''],
    [null],
    [undefined],
  ])('refuses %j', (input) => {
    expect(safeReturnUrl(input, rules)).toBeUndefined();
  });

  it('honours a scheme restriction', () => {
    expect(safeReturnUrl('http://wb-seller.joycity.test/', { ...rules, schemes: ['https'] })).toBeUndefined();
  });
});
