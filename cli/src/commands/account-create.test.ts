import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { createAccountService } from '@joycity/shared/credentials';
import { createSecretBox } from '@joycity/shared/crypto';
import { encodeApiKeyForTests } from '@joycity/shared/wb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

let tdb: TestDatabase;
let db: Database;
const dir = mkdtempSync(path.join(os.tmpdir(), 'jc-cli-accounts-'));
const keyA = `ka:${randomBytes(32).toString('base64')}`;
const keyB = `kb:${randomBytes(32).toString('base64')}`;

async function cli(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { DATABASE_URL: tdb.url, DATA_DIR: dir, ...env },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
const apiKey = (extra: Record<string, unknown> = {}) =>
  encodeApiKeyForTests({
    exp: Math.floor(Date.now() / 1000) + 86_400 * 100,
    sid: randomUUID(),
    oid: 123,
    s: 2 ** 5 + 2 ** 13,
    acc: 1,
    ...extra,
  });

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
});
afterAll(() => tdb.drop());

describe('account:create', () => {
  it('stores an account with encrypted credentials and prints only facts about them', async () => {
    const key = apiKey();
    const session = file(
      'session.json',
      JSON.stringify({
        cookies: { WBTokenV3: 'cli-secret-token-value', 'x-supplier-id-external': 'abc' },
        authorizev3: 'cli-authv3-secret',
      }),
    );
    const res = await cli(
      { APP_ENCRYPTION_KEY: keyA },
      'account:create',
      '--name',
      'ООО Север',
      '--inn',
      '7707083893',
      '--api-key',
      key,
      '--portal-session',
      session,
      '--no-validate',
    );
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^Account \d+ "ООО Север" \(INN 7707083893\) created\./);
    expect(res.out).toContain(`API key …${key.slice(-4)}: basic, expires`);
    expect(res.out).toContain('categories statistics, finance');
    expect(res.out).toContain(
      'Portal session: 2 cookie(s) (WBTokenV3, x-supplier-id-external); not checked (--no-validate)',
    );
    expect(res.out).not.toContain('cli-secret-token-value');
    expect(res.out).not.toContain(key);

    const row = await db
      .selectFrom('accounts')
      .selectAll()
      .where('inn', '=', '7707083893')
      .executeTakeFirstOrThrow();
    expect(row.api_key_enc).toMatch(/^jc1\.ka\./);
    const accounts = createAccountService({
      db,
      box: createSecretBox([{ id: 'ka', key: Buffer.from(keyA.slice(3), 'base64') }]),
    });
    expect(await accounts.readApiKey(row.id)).toBe(key);
    expect((await accounts.readPortalSession(row.id)).session).toEqual({
      cookies: { WBTokenV3: 'cli-secret-token-value', 'x-supplier-id-external': 'abc' },
      authorizev3: 'cli-authv3-secret',
    });
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', String(row.id))
      .execute();
    expect(audit[0]).toMatchObject({ action: 'account.created', details: { via: 'cli' } });
  });

  it('reads a browser cookie export and a raw Cookie header, and a key from a file', async () => {
    const exported = file(
      'export.json',
      JSON.stringify([
        { name: 'WBTokenV3', value: 'v1', domain: '.wildberries.ru' },
        { name: 'a', value: 'b' },
      ]),
    );
    const header = file('cookie.txt', 'Cookie: WBTokenV3=v2; x-supplier-id=s\n');
    const keyFile = file('key.txt', `${apiKey()}\n`);
    const one = await cli(
      { APP_ENCRYPTION_KEY: keyA },
      'account:create',
      '--name',
      'A',
      '--inn',
      '500100732259',
      '--api-key-file',
      keyFile,
      '--portal-session',
      exported,
      '--no-validate',
    );
    expect(one.code).toBe(0);
    expect(one.out).toContain('(WBTokenV3, a)');
    const two = await cli(
      { APP_ENCRYPTION_KEY: keyA },
      'account:create',
      '--name',
      'B',
      '--inn',
      '7736207543',
      '--api-key',
      apiKey(),
      '--portal-session',
      header,
      '--no-validate',
    );
    expect(two.code).toBe(0);
    expect(two.out).toContain('(WBTokenV3, x-supplier-id)');
    expect(two.out).toContain('not checked (--no-validate)');
  });

  it('names what is wrong, with exit code 2 for bad arguments and 1 for conflicts, never echoing secrets', async () => {
    const session = file('ok.json', JSON.stringify({ cookies: { WBTokenV3: 'secret-in-file-123' } }));
    const notJson = file('bad.txt', 'this is { not json secret-in-file-456');
    const cases: Array<[string[], number, RegExp]> = [
      [
        ['--name', 'X', '--inn', '7707083894', '--api-key', apiKey(), '--portal-session', session],
        2,
        /--inn: inn the check digit does not match/,
      ],
      [
        ['--name', 'X', '--inn', '3664069397', '--api-key', 'nope.nope', '--portal-session', session],
        2,
        /--api-key: The API key is not a WB API key/,
      ],
      [
        [
          '--name',
          'X',
          '--inn',
          '3664069397',
          '--api-key',
          apiKey({ exp: 1_600_000_000 }),
          '--portal-session',
          session,
        ],
        2,
        /--api-key: The API key expired on 2020-09-13/,
      ],
      [
        ['--name', 'X', '--inn', '3664069397', '--api-key', apiKey(), '--portal-session', notJson],
        2,
        /neither JSON nor a Cookie header/,
      ],
      [
        [
          '--name',
          'X',
          '--inn',
          '3664069397',
          '--api-key',
          apiKey(),
          '--portal-session',
          '/nonexistent.json',
        ],
        2,
        /cannot read \/nonexistent\.json: ENOENT/,
      ],
      [
        ['--name', 'X', '--inn', '3664069397', '--portal-session', session],
        2,
        /--api-key \(or --api-key-file\) is required/,
      ],
      [
        [
          '--name',
          'X',
          '--inn',
          '7707083893',
          '--api-key',
          apiKey(),
          '--portal-session',
          session,
          '--no-validate',
        ],
        1,
        /Another account already has this INN/,
      ],
    ];
    for (const [argv, code, message] of cases) {
      const res = await cli({ APP_ENCRYPTION_KEY: keyA }, 'account:create', ...argv);
      expect(res.code, argv.join(' ')).toBe(code);
      expect(res.err, argv.join(' ')).toMatch(message);
      expect(res.err).not.toMatch(/secret-in-file/);
    }
    const badKeyring = await cli(
      { APP_ENCRYPTION_KEY: 'short' },
      'account:create',
      '--name',
      'X',
      '--inn',
      '3664069397',
      '--api-key',
      apiKey(),
      '--portal-session',
      session,
    );
    expect(badKeyring.code).toBe(2);
    expect(badKeyring.err).toMatch(/APP_ENCRYPTION_KEY: entry 1 must be/);
  });
});

describe('secrets:rotate', () => {
  it('re-encrypts every credential under the new first key, idempotently, after which the old key can go', async () => {
    const before = await db
      .selectFrom('accounts')
      .select(['id', 'api_key_enc', 'portal_session_enc'])
      .execute();
    expect(before.length).toBeGreaterThanOrEqual(3);

    const dry = await cli({ APP_ENCRYPTION_KEY: `${keyB},${keyA}` }, 'secrets:rotate', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`Dry run: ${before.length * 2} credential(s) would be re-encrypted with 'kb'`);
    expect(await db.selectFrom('accounts').select('api_key_enc').execute()).toEqual(
      before.map((r) => ({ api_key_enc: r.api_key_enc })),
    );

    const missingOld = await cli({ APP_ENCRYPTION_KEY: keyB }, 'secrets:rotate');
    expect(missingOld.code).toBe(1);
    expect(missingOld.err).toMatch(/key 'ka', which APP_ENCRYPTION_KEY does not list/);

    const run = await cli({ APP_ENCRYPTION_KEY: `${keyB},${keyA}` }, 'secrets:rotate');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Credentials by key before: ka: ${before.length * 2}`);
    expect(run.out).toContain(`Re-encrypted ${before.length * 2} credential(s) with 'kb'`);
    const again = await cli({ APP_ENCRYPTION_KEY: `${keyB},${keyA}` }, 'secrets:rotate');
    expect(again.out).toContain("Every credential is already encrypted with the current key 'kb'");

    // Only the new key now: everything still decrypts to what it was.
    const onlyB = createAccountService({
      db,
      box: createSecretBox([{ id: 'kb', key: Buffer.from(keyB.slice(3), 'base64') }]),
    });
    const oldBox = createSecretBox([{ id: 'ka', key: Buffer.from(keyA.slice(3), 'base64') }]);
    for (const row of before) {
      expect(await onlyB.readApiKey(row.id)).toBe(oldBox.decrypt(row.api_key_enc!, 'account.api_key'));
      expect(JSON.stringify((await onlyB.readPortalSession(row.id)).session)).toBe(
        oldBox.decrypt(row.portal_session_enc!, 'account.portal_session'),
      );
    }
    const audit = await db
      .selectFrom('audit_log')
      .select(['target_id', 'details'])
      .where('action', '=', 'secrets.rotated')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target_id).toBe('kb');
  });
});
