import { describe, expect, it } from 'vitest';
import { fixedMoneyString, percentOf, wbMoneyNumber, wbMoneyString } from './money.ts';
import {
  dateToDayNo,
  dayNoToDate,
  dayStartMs,
  moscowDayNo,
  moscowLocal,
  utcSeconds,
  weekStartDayNo,
  weekday,
} from './moscow.ts';
import { Rng, WeightedPicker, hashInts } from './random.ts';

describe('money', () => {
  it('writes WB strings without trailing zeros and the truth with two places, exactly', () => {
    expect(wbMoneyString(36700)).toBe('367');
    expect(wbMoneyString(36750)).toBe('367.5');
    expect(wbMoneyString(36799)).toBe('367.99');
    expect(wbMoneyString(5)).toBe('0.05');
    expect(wbMoneyString(-5)).toBe('-0.05');
    expect(wbMoneyString(0)).toBe('0');
    expect(fixedMoneyString(36750)).toBe('367.50');
    expect(fixedMoneyString(-123456789012)).toBe('-1234567890.12');
    expect(wbMoneyNumber(128401)).toBe(1284.01);
    expect(() => wbMoneyString(1.5)).toThrow(RangeError);
    expect(percentOf(1999, 50)).toBe(1000);
    expect(percentOf(-1999, 50)).toBe(-1000);
  });
});

describe('Moscow days', () => {
  it('counts Moscow calendar days and weeks from Monday', () => {
    const ms = Date.parse('2026-11-20T21:30:00Z'); // 00:30 on the 21st in Moscow
    expect(dayNoToDate(moscowDayNo(ms))).toBe('2026-11-21');
    expect(moscowLocal(ms)).toBe('2026-11-21T00:30:00');
    expect(new Date(dayStartMs(dateToDayNo('2026-11-21'))).toISOString()).toBe('2026-11-20T21:00:00.000Z');
    const friday = dateToDayNo('2026-11-20');
    expect(weekday(friday)).toBe(4);
    expect(dayNoToDate(weekStartDayNo(friday))).toBe('2026-11-16');
    expect(weekStartDayNo(dateToDayNo('2026-11-16'))).toBe(dateToDayNo('2026-11-16'));
    expect(utcSeconds(Date.parse('2026-03-14T09:00:00.789Z'))).toBe('2026-03-14T09:00:00Z');
  });
});

describe('deterministic randomness', () => {
  it('is a function of the identity only', () => {
    expect(hashInts(1, 2, 3)).toBe(hashInts(1, 2, 3));
    expect(hashInts(1, 2, 3)).not.toBe(hashInts(1, 2, 4));
    expect(hashInts(2 ** 40)).not.toBe(hashInts(0));
    const a = new Rng(7);
    const b = new Rng(7);
    expect([a.hex(27), a.digits(20), a.uuid(), a.base62(20)]).toEqual([
      b.hex(27),
      b.digits(20),
      b.uuid(),
      b.base62(20),
    ]);
    const r = new Rng(1);
    expect(r.hex(27)).toMatch(/^[0-9a-f]{27}$/);
    expect(r.digits(20)).toMatch(/^[1-9]\d{19}$/);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('picks by weight', () => {
    const picker = new WeightedPicker([1, 0, 3]);
    const counts = [0, 0, 0];
    const rng = new Rng(3);
    for (let i = 0; i < 4000; i++) counts[picker.pick(rng.next())]! += 1;
    expect(counts[1]).toBe(0);
    expect((counts[2] as number) / (counts[0] as number)).toBeGreaterThan(2.5);
  });
});
