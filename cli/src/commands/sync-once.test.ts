import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { encryptionKeyringSchema } from '@joycity/shared/config';
import { createAccountService } from '@joycity/shared/credentials';
import { createSecretBox } from '@joycity/shared/crypto';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

let tdb: TestDatabase;
let emu: RunningEmulator;
let accountId: number;
const dir = mkdtempSync(path.join(os.tmpdir(), 'jc-cli-sync-'));
const encryptionKey = `ka:${randomBytes(32).toString('base64')}`;

beforeAll(async () => {
  tdb = await createTestDatabase();
  emu = await startEmulator({
    seed: 4,
    accounts: 1,
    days: 5,
    cards: 4,
    now: '2026-11-20T12:00:00Z',
    timeScale: 60_000,
  });
  const a = emu.emulator.accounts()[0]!;
  const service = createAccountService({
    db: tdb.connect(),
    box: createSecretBox(encryptionKeyringSchema.parse(encryptionKey)),
  });
  ({
    account: { id: accountId },
  } = await service.create(
    {
      name: a.name,
      inn: a.tin,
      apiKey: emu.emulator.key(1).token,
      portalSession: { cookies: { WBTokenV3: 'v' } },
    },
    { actor: { userId: null, email: null, via: 'cli' }, validate: false },
  ));
});
afterAll(async () => {
  await emu.close();
  await tdb.drop();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    {
      DATABASE_URL: tdb.url,
      DATA_DIR: dir,
      APP_ENCRYPTION_KEY: encryptionKey,
      WB_UPSTREAM_OVERRIDE: emu.url,
      WB_TIME_SCALE: '60000',
    },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sync:once', () => {
  it('runs one dataset, then all, printing what each pass did', async () => {
    const one = await cli('sync:once', '--account', String(accountId), '--dataset', 'orders');
    expect(one.code, one.err).toBe(0);
    expect(one.out).toMatch(/orders\s+succeeded\s+1\s+\d+/);
    const truth = await emu.control.truth(1);
    expect(one.out).toContain(String(truth.orders.rows));

    const all = await cli('sync:once', '--account', String(accountId));
    expect(all.code, all.err).toBe(0);
    for (const d of ['orders', 'sales', 'finance', 'stocks', 'cards'])
      expect(all.out).toMatch(new RegExp(`${d}\\s+succeeded`));
  });

  it('names bad arguments', async () => {
    expect((await cli('sync:once')).err).toMatch(/--account is required/);
    expect((await cli('sync:once', '--account', '1', '--dataset', 'x')).err).toMatch(
      /--dataset must be one of/,
    );
    const missing = await cli('sync:once', '--account', '999');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no account with id 999/);
  });
});
