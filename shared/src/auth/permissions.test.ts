import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasAnyPermission,
  hasPermission,
  isPermission,
  PERMISSIONS,
  type Permission,
} from './permissions.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

describe('permissions', () => {
  it('are exactly the seeded catalogue, so a route cannot ask for one that does not exist', async () => {
    const rows = await tdb.connect().selectFrom('permissions').select('code').orderBy('code').execute();
    expect(rows.map((r) => r.code)).toEqual([...PERMISSIONS].sort());
  });

  it('are checked against the principal', () => {
    const principal = { permissions: new Set<Permission>(['users.read']) };
    expect(hasPermission(principal, 'users.read')).toBe(true);
    expect(hasPermission(principal, 'users.write')).toBe(false);
    expect(hasAnyPermission(principal, ['users.write', 'users.read'])).toBe(true);
    expect(isPermission('users.read')).toBe(true);
    expect(isPermission('users.everything')).toBe(false);
  });
});
