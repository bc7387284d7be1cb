import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client.ts';
import { createTestDatabase, type TestDatabase } from './testing/index.ts';

let tdb: TestDatabase;
let db: Database;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
});
afterAll(() => tdb.drop());

describe('value parsing', () => {
  it('keeps numeric exact, int8 as a safe number, dates as calendar strings and timestamptz as instants', async () => {
    const { rows } = await sql<{ money: string; big: number; day: string; at: Date; count: number }>`
      SELECT 12345678901234567.89::numeric AS money,
             9007199254740991::int8 AS big,
             '2026-03-01'::date AS day,
             '2022-03-04T18:08:31+03:00'::timestamptz AS at,
             count(*) AS count
    `.execute(db);
    expect(rows[0]).toEqual({
      money: '12345678901234567.89',
      big: 9007199254740991,
      day: '2026-03-01',
      at: new Date('2022-03-04T15:08:31Z'),
      count: 1,
    });
  });

  it('refuses an int8 that a double cannot hold, instead of rounding it', async () => {
    await expect(sql`SELECT 9007199254740993::int8 AS v`.execute(db)).rejects.toThrow(
      /exceeds Number.MAX_SAFE_INTEGER/,
    );
  });

  it('stores report ids above 2^53 exactly in numeric(20,0)', async () => {
    const { rows } = await sql<{ id: string }>`SELECT 18446744073709551615::numeric(20,0) AS id`.execute(db);
    expect(rows[0]!.id).toBe('18446744073709551615');
  });
});
