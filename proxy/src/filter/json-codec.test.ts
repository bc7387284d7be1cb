import { describe, expect, it } from 'vitest';
import { encodeJson, parseJson } from './json-codec.ts';

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact wherever their 16+ digit run sits (the scan looks at every 16th byte)', () => {
    for (let pad = 0; pad < 40; pad++)
      for (const digits of [15, 16, 17, 19, 20]) {
        const id = `9${'1'.repeat(digits - 1)}`;
        const body = Buffer.from(`{"${'x'.repeat(pad)}":[1.5,"a"],"id":${id},"t":"Продажа"}`);
        const text = Buffer.from(encodeJson(parseJson(body, 'test'))).toString('utf8');
        expect(text).toContain(`"id":${id}`);
        expect(text).toContain('"t":"Продажа"');
      }
  });

  it('refuses bytes that are not UTF-8 or not JSON, and drops a BOM', () => {
    expect(() => parseJson(Buffer.from([0x7b, 0xff, 0x7d]), 'r')).toThrow(/not UTF-8/);
    expect(() => parseJson(Buffer.from('{"a":'), 'r')).toThrow(/not valid JSON/);
    expect(parseJson(Buffer.from('\ufeff{"a":1}'), 'r')).toEqual({ a: 1 });
  });
});
