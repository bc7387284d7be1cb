import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { addAssignments, assertMonthStart, listAssignedNmIds } from './assignments.ts';
import { createUser } from './users.ts';

let tdb: TestDatabase;
let db: Database;
let accountId: number;
let anna: string;
let boris: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
  accountId = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Ромашка', inn: '7701234567' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  anna = (await createUser(db, { email: 'Anna@Example.com', name: 'Anna', password_hash: 'x' })).id;
  boris = (await createUser(db, { email: 'boris@example.com', name: 'Boris', password_hash: 'x' })).id;
});
afterAll(() => tdb.drop());

describe('assignments', () => {
  it('adds nmIds idempotently and lists them per user, account and month', async () => {
    expect(
      await addAssignments(db, { accountId, userId: anna, month: '2026-11-01', nmIds: [30, 10, 20, 10] }),
    ).toEqual([]);
    expect(await addAssignments(db, { accountId, userId: anna, month: '2026-11-01', nmIds: [20] })).toEqual(
      [],
    );
    expect(await listAssignedNmIds(db, { accountId, userId: anna, month: '2026-11-01' })).toEqual([
      10, 20, 30,
    ]);
    expect(await listAssignedNmIds(db, { accountId, userId: anna, month: '2026-12-01' })).toEqual([]);
  });

  it('reports nmIds another user holds in that month instead of taking them over', async () => {
    const conflicts = await addAssignments(db, {
      accountId,
      userId: boris,
      month: '2026-11-01',
      nmIds: [20, 40],
    });
    expect(conflicts).toEqual([{ nmId: 20, heldBy: anna }]);
    expect(await listAssignedNmIds(db, { accountId, userId: boris, month: '2026-11-01' })).toEqual([40]);
    expect(await listAssignedNmIds(db, { accountId, userId: anna, month: '2026-11-01' })).toEqual([
      10, 20, 30,
    ]);
    // A different month is a different assignment.
    expect(await addAssignments(db, { accountId, userId: boris, month: '2026-12-01', nmIds: [20] })).toEqual(
      [],
    );
  });

  it('rejects malformed months and nmIds with a clear error', async () => {
    expect(() => assertMonthStart('2026-11')).toThrow(/YYYY-MM-01/);
    await expect(
      addAssignments(db, { accountId, userId: anna, month: '2026-11-15', nmIds: [1] }),
    ).rejects.toThrow(/YYYY-MM-01/);
    await expect(
      addAssignments(db, { accountId, userId: anna, month: '2026-11-01', nmIds: [-5] }),
    ).rejects.toThrow(/check/);
  });

  it('stores emails lower-cased and unique', async () => {
    await expect(
      createUser(db, { email: 'ANNA@example.com', name: 'Dup', password_hash: 'x' }),
    ).rejects.toThrow(/users_email_key/);
  });
});
