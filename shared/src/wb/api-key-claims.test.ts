import { describe, expect, it } from 'vitest';
import { decodeApiKeyClaims, encodeApiKeyForTests, normalizeApiKey } from './api-key-claims.ts';

const bit = (n: number) => 2 ** n;

describe('WB API key claims', () => {
  it('decodes expiry, categories, read-only, type, test flag and seller ids', () => {
    const key = encodeApiKeyForTests({
      exp: 1_790_000_000,
      id: '0b5b3c6e-1111-4d0c-9d2a-3f1b1b1b1b1b',
      oid: 4_012_345,
      sid: 'f3a1c2d4-2222-4c5e-8f00-aaaaaaaaaaaa',
      s: bit(1) + bit(5) + bit(13) + bit(30),
      acc: 3,
      t: false,
      for: 'self',
    });
    expect(decodeApiKeyClaims(key)).toEqual({
      expiresAt: new Date(1_790_000_000_000),
      categories: ['content', 'statistics', 'finance'],
      readOnly: true,
      type: 'personal',
      test: false,
      sellerId: 'f3a1c2d4-2222-4c5e-8f00-aaaaaaaaaaaa',
      sellerOid: 4_012_345,
      keyId: '0b5b3c6e-1111-4d0c-9d2a-3f1b1b1b1b1b',
      unknownBits: [],
    });
  });

  it('names every category bit and reports the ones it does not know', () => {
    const all = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13].reduce((s, b) => s + bit(b), 0);
    const claims = decodeApiKeyClaims(encodeApiKeyForTests({ s: all + bit(16) + bit(8), acc: 4, t: true }));
    expect(claims.categories).toEqual([
      'content',
      'analytics',
      'prices',
      'marketplace',
      'statistics',
      'promotion',
      'feedbacks',
      'buyer_chat',
      'supplies',
      'returns',
      'documents',
      'finance',
    ]);
    expect(claims).toMatchObject({ type: 'service', test: true, readOnly: false, expiresAt: null });
    expect(claims.unknownBits).toEqual([8, 16]);
    expect(decodeApiKeyClaims(encodeApiKeyForTests({ s: 0, acc: 1 })).type).toBe('basic');
    expect(decodeApiKeyClaims(encodeApiKeyForTests({ s: 0, acc: 2 })).type).toBe('test');
    expect(decodeApiKeyClaims(encodeApiKeyForTests({ s: 0, acc: 9 })).type).toBe('unknown');
  });

  it('accepts what people paste around a key', () => {
    const key = encodeApiKeyForTests({ s: bit(5) });
    expect(normalizeApiKey(`  Bearer ${key}\n`)).toBe(key);
    expect(normalizeApiKey(`"${key}"`)).toBe(key);
    expect(decodeApiKeyClaims(` Bearer ${key} `).categories).toEqual(['statistics']);
  });

  it('refuses what is not a WB key with a clear message that does not repeat it', () => {
    const cases: Array<[string, RegExp]> = [
      ['not-a-jwt', /three base64url parts/],
      ['a.b.c', /not JSON/],
      [
        `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('{"exp":1}').toString('base64url')}.sig`,
        /claim 's'/,
      ],
      [encodeApiKeyForTests({ s: 'lots' }), /claim 's'/],
      [
        `${Buffer.from('{}').toString('base64url')}.${Buffer.from('{"s":1}').toString('base64url')}.sig`,
        /no algorithm/,
      ],
    ];
    for (const [key, message] of cases) {
      let error: Error | undefined;
      try {
        decodeApiKeyClaims(key);
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message, key).toMatch(message);
      expect(error?.message).toMatch(/^The API key is not a WB API key/);
      expect((error as { code?: string }).code).toBe('API_KEY_MALFORMED');
      if (key.length > 12) expect(error?.message).not.toContain(key);
    }
  });
});
