import { describe, expect, it } from 'vitest';
import {
  moscowDate,
  moscowMonthStart,
  nextMoscowMonthBoundary,
  parseMonth,
  parseWbDateTime,
} from './moscow-time.ts';

describe('Moscow time', () => {
  it('reads WB offset-less times as Moscow time', () => {
    expect(parseWbDateTime('2022-03-04T18:08:31')?.toISOString()).toBe('2022-03-04T15:08:31.000Z');
    expect(parseWbDateTime('2022-03-04T18:08:31.123456')?.toISOString()).toBe('2022-03-04T15:08:31.123Z');
    expect(parseWbDateTime('2022-03-04')?.toISOString()).toBe('2022-03-03T21:00:00.000Z');
    expect(parseWbDateTime('2022-03-04T18:08:31Z')?.toISOString()).toBe('2022-03-04T18:08:31.000Z');
    expect(parseWbDateTime('2022-03-04T18:08:31+05:00')?.toISOString()).toBe('2022-03-04T13:08:31.000Z');
  });

  it("maps WB's zero date to null and rejects garbage", () => {
    expect(parseWbDateTime('0001-01-01T00:00:00')).toBeNull();
    expect(() => parseWbDateTime('yesterday')).toThrow(/not a WB date-time/);
    expect(() => parseWbDateTime('2024-02-31T00:00:00')).toThrow(/not a calendar date/);
  });

  it('computes Moscow months across the UTC boundary', () => {
    // 21:30 UTC on 31 October is already 1 November in Moscow.
    const lateOctoberUtc = new Date('2026-10-31T21:30:00Z');
    expect(moscowDate(lateOctoberUtc)).toBe('2026-11-01');
    expect(moscowMonthStart(lateOctoberUtc)).toBe('2026-11-01');
    expect(moscowMonthStart(new Date('2026-10-31T20:59:59Z'))).toBe('2026-10-01');
    expect(nextMoscowMonthBoundary(new Date('2026-12-15T00:00:00Z')).toISOString()).toBe(
      '2026-12-31T21:00:00.000Z',
    );
  });

  it('parses months as people type them', () => {
    expect(parseMonth('2026-11')).toBe('2026-11-01');
    expect(parseMonth(' 2026-01-01 ')).toBe('2026-01-01');
    expect(() => parseMonth('2026-13')).toThrow(/YYYY-MM/);
    expect(() => parseMonth('11.2026')).toThrow(/YYYY-MM/);
  });
});
