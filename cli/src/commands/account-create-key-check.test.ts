import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

let tdb: TestDatabase;
let emu: RunningEmulator;
const dir = mkdtempSync(path.join(os.tmpdir(), 'jc-cli-keycheck-'));
const encryptionKey = `ka:${randomBytes(32).toString('base64')}`;

beforeAll(async () => {
  tdb = await createTestDatabase();
  emu = await startEmulator({ seed: 3, accounts: 3, days: 3, cards: 3, now: '2026-11-20T12:00:00Z' });
});
afterAll(async () => {
  await emu.close();
  await tdb.drop();
});

async function create(account: number, apiKey: string) {
  const a = emu.emulator.accounts().find((x) => x.id === account)!;
  const session = path.join(dir, `s${account}.json`);
  writeFileSync(session, JSON.stringify({ cookies: { WBTokenV3: 'v' } }));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['account:create', '--name', a.name, '--inn', a.tin, '--api-key', apiKey, '--portal-session', session],
    {
      DATABASE_URL: tdb.url,
      DATA_DIR: dir,
      APP_ENCRYPTION_KEY: encryptionKey,
      WB_UPSTREAM_OVERRIDE: emu.url,
    },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('account:create checks the API key with WB', () => {
  it('accepts a working key after one /ping', async () => {
    const res = await create(1, emu.emulator.key(1).token);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/API key .*checked with WB/);
    const pings = await emu.control.requests({ path: '/ping' });
    expect(pings).toHaveLength(1);
    expect(pings[0]).toMatchObject({ host: 'statistics-api.wildberries.ru', status: 200 });
  });

  it('refuses a withdrawn key (401 on /ping), and test or finance-less keys without calling WB', async () => {
    await emu.control.withdrawKeys({ account: 2 });
    const withdrawn = await create(2, emu.emulator.key(2).token);
    expect(withdrawn.code).toBe(1);
    expect(withdrawn.err).toMatch(/WB refused the key \(401.*withdrawn/);
    await emu.control.clearRequests();
    const noFinance = await create(3, emu.emulator.key(3, 'noFinance').token);
    expect(noFinance.code).toBe(1);
    expect(noFinance.err).toMatch(/lacks the finance category/);
    const test = await create(3, emu.emulator.key(3, 'test').token);
    expect(test.err).toMatch(/test \(sandbox\) key/);
    expect(await emu.control.requests({ path: '/ping' })).toHaveLength(0);
  });
});
