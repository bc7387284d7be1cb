import { describe, expect, it } from 'vitest';
import { sendableCloseCode } from './upgrade.ts';

describe('sendableCloseCode', () => {
  it('passes codes one may send and maps the reported-only ones', () => {
    for (const code of [1000, 1001, 1008, 1011, 3000, 4001, 4999]) expect(sendableCloseCode(code)).toBe(code);
    expect(sendableCloseCode(1005)).toBe(1000);
    expect(sendableCloseCode(1006)).toBe(1011);
    expect(sendableCloseCode(1015)).toBe(1011);
    expect(sendableCloseCode(1004)).toBe(1011);
    expect(sendableCloseCode(2000)).toBe(1011);
  });
});
