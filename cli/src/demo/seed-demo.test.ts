import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findUserByEmail, listAccounts, listAssignedNmIds, listUserRoles, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { createAccountService } from '@joycity/shared/credentials';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretBoxFrom } from '../commands/secrets.ts';
import { demoPlan, previousMonth } from './demo-plan.ts';
import { seedDemo } from './seed-demo.ts';

let tdb: TestDatabase;
let db: Database;
let emu: RunningEmulator;
const key = `demo:${randomBytes(32).toString('base64')}`;
const now = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
  emu = await startEmulator({ seed: 42, accounts: 2, days: 30, now });
});
afterAll(async () => {
  await emu.close();
  await tdb.drop();
});

const env = () => ({
  DATABASE_URL: tdb.url,
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'jc-demo-')),
  APP_ENCRYPTION_KEY: key,
  // account:create checks each API key with one /ping: at the emulator, as `npm run demo` does.
  WB_UPSTREAM_OVERRIDE: emu.url,
});

describe('demo plan', () => {
  it('gives five managers disjoint articles per month within their entity, shifted from last month', () => {
    const nm = (base: number) => Array.from({ length: 40 }, (_, i) => base + i);
    const plan = demoPlan([nm(1000), nm(2000)], '2026-01');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(plan.managers.map((m) => m.account)).toEqual([0, 0, 0, 1, 1]);
    for (const month of ['2026-01', '2025-12']) {
      const all = plan.managers.flatMap((m) => m.assignments[month] ?? []);
      expect(new Set(all).size).toBe(all.length);
      expect(plan.managers.every((m) => m.assignments[month]?.length === 8)).toBe(true);
    }
    expect(plan.managers[0]?.assignments['2026-01']?.[0]).toBe(1000);
    expect(plan.managers[0]?.assignments['2025-12']?.[0]).toBe(1004);
  });
});

describe('seedDemo', () => {
  it('creates the accounts, the administrator, five managers and their assignments, through the CLI code paths', async () => {
    const result = await seedDemo({ env: env(), accounts: emu.emulator.accounts(), now });
    expect(result.created).toEqual({ accounts: 2, users: 6, assignments: 80 });
    const accounts = await listAccounts(db);
    expect(accounts.map((a) => a.inn).sort()).toEqual(
      emu.emulator
        .accounts()
        .map((a) => a.tin)
        .sort(),
    );
    expect(
      accounts.every(
        (a) => a.portal_cookie_names.includes('WBTokenV3') && a.portal_cookie_names.includes('wbx-refresh'),
      ),
    ).toBe(true);
    const admin = await findUserByEmail(db, 'admin@joycity.example');
    expect(await listUserRoles(db, admin!.id)).toEqual(['ADMIN']);
    for (const m of result.plan.managers) {
      const user = (await findUserByEmail(db, m.email))!;
      expect(await listUserRoles(db, user.id)).toEqual(['MANAGER']);
      const accountId = result.accounts[m.account]!.id;
      expect(user.current_account_id).toBe(accountId);
      expect(await listAssignedNmIds(db, { accountId, userId: user.id, month: '2026-11-01' })).toEqual(
        m.assignments['2026-11'],
      );
      expect(await listAssignedNmIds(db, { accountId, userId: user.id, month: '2026-10-01' })).toEqual(
        m.assignments['2026-10'],
      );
      const nmIds = new Set(emu.emulator.accounts()[m.account]!.nmIds);
      expect(m.assignments['2026-11']!.every((n) => nmIds.has(n))).toBe(true);
    }
    // The stored session is the emulator's, encrypted and readable by the backend.
    const service = createAccountService({ db, box: secretBoxFrom(env()) });
    const session = await service.readPortalSession(result.accounts[0]!.id);
    expect(session.session.cookies.WBTokenV3).toBe(emu.emulator.accounts()[0]!.portal.cookies.WBTokenV3);
  });

  it('runs again without failing or duplicating anything, refreshing the credentials', async () => {
    const before = await db
      .selectFrom('assignments')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const again = await seedDemo({ env: env(), accounts: emu.emulator.accounts(), now });
    expect(again.created).toEqual({ accounts: 0, users: 0, assignments: 0 });
    const after = await db
      .selectFrom('assignments')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await listAccounts(db)).every((a) => a.portal_session_version === 2)).toBe(true);
  });
});
