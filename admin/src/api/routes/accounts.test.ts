import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import type { AccountValidators, CredentialCheck } from '@joycity/shared/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  makeUser,
  setupDatabase,
  startInstance,
  testConfig,
  type ApiInstance,
  WB_KEY_EXPIRY,
  wbApiKey,
  wbPortalSession,
} from '../../../test/harness.ts';

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
type AccountBody = {
  account: {
    id: number;
    name: string;
    inn: string;
    wbSupplierId: string | null;
    apiKey: {
      mask: string;
      categories: string[];
      type: string;
      readOnly: boolean;
      expiresAt: string;
      status: string;
    };
    portalSession: { cookieNames: string[]; version: number; status: string };
  };
  checks: { apiKey?: string; portalSession?: string };
};

const bit = (n: number) => 2 ** n;
const apiKeyFor = wbApiKey;
const portalSession = wbPortalSession;
const inFuture = WB_KEY_EXPIRY;

let tdb: TestDatabase;
let bootstrap: Database;
let api: ApiInstance;
let admin: Browser;
/** What the injected validators say; tests flip it. */
let verdict: { apiKey: CredentialCheck; portalSession: CredentialCheck } = {
  apiKey: { ok: true },
  portalSession: { ok: true },
};
const validators: AccountValidators = {
  apiKey: async () => verdict.apiKey,
  portalSession: async () => verdict.portalSession,
};

beforeAll(async () => {
  const setup = await setupDatabase();
  ({ tdb, bootstrap } = setup);
  api = await startInstance({
    tdb,
    config: testConfig(),
    kind: 'redis',
    namespace: setup.namespace,
    accountValidators: validators,
  });
  await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] });
  await makeUser(bootstrap, { email: 'accountant@example.com', roles: ['ACCOUNTANT'] });
  admin = new Browser(api.app);
  await admin.login('admin@example.com');
});
afterAll(async () => {
  await api.close();
  await tdb.drop();
});

const code = async (res: Response) => (await body<ErrorBody>(res)).error.code;

describe('accounts', () => {
  it('creates an account: credentials encrypted at rest, shown back masked, claims decoded', async () => {
    const apiKey = apiKeyFor('11111111-2222-4333-8444-555555555555', {
      s: bit(1) + bit(5) + bit(13) + bit(30),
    });
    const session = portalSession();
    const res = await admin.request('POST', '/api/accounts', {
      json: { name: 'ООО Ромашка', inn: '7707083893', apiKey, portalSession: session },
    });
    expect(res.status).toBe(201);
    const text = await res.clone().text();
    for (const secret of [apiKey, session.authorizev3, ...Object.values(session.cookies)]) {
      if (secret.length > 36) expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(session.cookies.WBTokenV3);
    const json = await body<AccountBody>(res);
    expect(json.account).toMatchObject({
      name: 'ООО Ромашка',
      inn: '7707083893',
      wbSupplierId: '11111111-2222-4333-8444-555555555555',
      apiKey: {
        mask: `…${apiKey.slice(-4)}`,
        categories: ['content', 'statistics', 'finance'],
        type: 'personal',
        readOnly: true,
        status: 'ok',
      },
      portalSession: {
        cookieNames: ['WBTokenV3', 'wbx-validation-key', 'x-supplier-id-external'],
        version: 1,
        status: 'ok',
      },
    });
    expect(json.checks).toEqual({ apiKey: 'ok', portalSession: 'ok' });
    expect(new Date(json.account.apiKey.expiresAt).getTime()).toBe(inFuture * 1000);

    const row = await api.db
      .selectFrom('accounts')
      .select(['api_key_enc', 'portal_session_enc'])
      .where('id', '=', json.account.id)
      .executeTakeFirstOrThrow();
    expect(row.api_key_enc).toMatch(/^jc1\.test1\./);
    expect(row.portal_session_enc).toMatch(/^jc1\.test1\./);
    expect(JSON.stringify(row)).not.toContain(session.cookies.WBTokenV3);

    const list = await admin.request('GET', '/api/accounts');
    const listText = await list.text();
    expect(listText).toContain('ООО Ромашка');
    expect(listText).not.toContain(apiKey);
    expect(listText).not.toContain(session.cookies.WBTokenV3);
    const audit = await api.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_type', '=', 'account')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['account.created']);
    expect(JSON.stringify(audit)).not.toContain(session.cookies.WBTokenV3);
  });

  it('says exactly what is wrong with bad input', async () => {
    const good = {
      name: 'ООО Лето',
      inn: '500100732259',
      apiKey: apiKeyFor(crypto.randomUUID()),
      portalSession: portalSession(),
    };
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ apiKey: 'definitely not a key but long enough' }, 'API_KEY_MALFORMED', /not a WB API key/],
      [
        { apiKey: apiKeyFor(crypto.randomUUID(), { exp: 1_600_000_000 }) },
        'API_KEY_EXPIRED',
        /expired on 2020-09-13/,
      ],
      [{ inn: '7707083894' }, 'ACCOUNT_INVALID', /check digit/],
      [{ inn: '123' }, 'VALIDATION_FAILED', /inn/],
      [{ inn: '7707083893' }, 'ACCOUNT_INN_TAKEN', /INN/],
      [{ portalSession: { cookies: {} } }, 'VALIDATION_FAILED', /at least one cookie/],
      [{ portalSession: { cookies: { 'bad name': 'x' } } }, 'VALIDATION_FAILED', /cookie name/],
      [{ portalSession: { cookies: { a: 'x;y' } } }, 'VALIDATION_FAILED', /must not contain/],
      [{ apiKey: apiKeyFor('11111111-2222-4333-8444-555555555555') }, 'ACCOUNT_SELLER_TAKEN', /WB seller/],
      [{ extra: true }, 'VALIDATION_FAILED', /extra/],
    ];
    for (const [change, expected, message] of cases) {
      const res = await admin.request('POST', '/api/accounts', { json: { ...good, ...change } });
      const json = await body<ErrorBody>(res);
      expect(json.error.code, JSON.stringify(change).slice(0, 60)).toBe(expected);
      expect(json.error.message).toMatch(message);
    }
    expect((await admin.request('POST', '/api/accounts', { json: good })).status).toBe(201);
  });

  it('runs the injected live checks and names each failure', async () => {
    verdict = {
      apiKey: { ok: false, code: 'WB_KEY_UNAUTHORIZED', message: 'WB answered 401: the key was withdrawn' },
      portalSession: { ok: false, code: 'WB_SESSION_EXPIRED', message: 'WB asks to sign in again' },
    };
    const res = await admin.request('POST', '/api/accounts', {
      json: {
        name: 'ООО Осень',
        inn: '7736207543',
        apiKey: apiKeyFor(crypto.randomUUID()),
        portalSession: portalSession(),
      },
    });
    expect(res.status).toBe(422);
    const json = await body<ErrorBody>(res);
    expect(json.error.code).toBe('CREDENTIAL_CHECK_FAILED');
    expect(json.error.message).toContain('apiKey: WB answered 401: the key was withdrawn');
    expect(json.error.message).toContain('portalSession: WB asks to sign in again');
    const failures = (json.error.details as { failures: Array<{ credential: string; code: string }> })
      .failures;
    expect(failures.map((f) => `${f.credential}:${f.code}`).sort()).toEqual([
      'apiKey:WB_KEY_UNAUTHORIZED',
      'portalSession:WB_SESSION_EXPIRED',
    ]);
    expect(
      await api.db.selectFrom('accounts').select('id').where('inn', '=', '7736207543').execute(),
    ).toEqual([]);
    verdict = { apiKey: { ok: true }, portalSession: { ok: true } };
  });

  it('replaces credentials without ever showing the old ones, and renames', async () => {
    const { items } = await body<{ items: Array<AccountBody['account']> }>(
      await admin.request('GET', '/api/accounts'),
    );
    const account = items.find((a) => a.inn === '7707083893')!;
    const newKey = apiKeyFor('11111111-2222-4333-8444-555555555555', { acc: 4 });
    const res = await admin.request('PATCH', `/api/accounts/${account.id}`, {
      json: {
        name: 'ООО Ромашка и Ко',
        apiKey: newKey,
        portalSession: { cookies: { WBTokenV3: 'replaced-token-value' } },
      },
    });
    expect(res.status).toBe(200);
    const json = await body<AccountBody>(res);
    expect(json.account.name).toBe('ООО Ромашка и Ко');
    expect(json.account.apiKey).toMatchObject({ mask: `…${newKey.slice(-4)}`, type: 'service' });
    expect(json.account.portalSession).toMatchObject({ cookieNames: ['WBTokenV3'], version: 2 });
    const actions = await api.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'account')
      .where('target_id', '=', String(account.id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'account.created',
      'account.credentials_updated',
      'account.updated',
    ]);
    expect(await code(await admin.request('PATCH', '/api/accounts/9999', { json: { name: 'X' } }))).toBe(
      'ACCOUNT_NOT_FOUND',
    );
  });

  it('lets readers list but not write', async () => {
    const accountant = new Browser(api.app);
    await accountant.login('accountant@example.com');
    expect((await accountant.request('GET', '/api/accounts')).status).toBe(200);
    const res = await accountant.request('POST', '/api/accounts', {
      json: {
        name: 'X',
        inn: '7707083893',
        apiKey: apiKeyFor(crypto.randomUUID()),
        portalSession: portalSession(),
      },
    });
    expect(res.status).toBe(403);
    expect(await code(res)).toBe('FORBIDDEN');
  });
});
