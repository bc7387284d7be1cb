import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import { createInternalApiClient } from '@joycity/shared/internal-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  makeUser,
  setupDatabase,
  startInstance,
  testConfig,
  wbApiKey,
  wbPortalSession,
  type ApiInstance,
} from '../../test/harness.ts';
import type { ApiConfig } from './context.ts';

let tdb: TestDatabase;
let bootstrap: Database;
let api: ApiInstance;
let config: ApiConfig;
/** The validator turns hostile for one call: it throws an error quoting the key, as a careless client might. */
let hostileValidator = false;

beforeAll(async () => {
  const setup = await setupDatabase();
  ({ tdb, bootstrap } = setup);
  config = testConfig();
  api = await startInstance({
    tdb,
    config,
    kind: 'redis',
    namespace: setup.namespace,
    refreshGraceMs: 100,
    accountValidators: {
      apiKey: async (key) => {
        if (hostileValidator) throw new Error(`WB rejected Authorization: Bearer ${key} (token=${key})`);
        return { ok: true };
      },
    },
  });
  await makeUser(bootstrap, { email: 'admin@example.com', password: 'admin-Pa55word-xyz', roles: ['ADMIN'] });
  await makeUser(bootstrap, {
    email: 'manager@example.com',
    password: 'manager-Pa55word-xyz',
    roles: ['MANAGER'],
  });
});
afterAll(async () => {
  await api.close();
  await tdb.drop();
});

describe('secrets never reach a log line, an audit entry or an API response', () => {
  it('holds over a full flow: sign-in, account creation, internal credential use, refresh, failures', async () => {
    const secrets: string[] = [
      config.INTERNAL_API_SECRET,
      config.JWT_ACCESS_SECRET,
      config.JWT_REFRESH_SECRET,
      config.APP_ENCRYPTION_KEY[0]!.key.toString('base64'),
      'admin-Pa55word-xyz',
      'manager-Pa55word-xyz',
      'wrong-Pa55word-attempt',
    ];
    const responses: string[] = [];
    const keep = async (res: Response) => {
      responses.push(
        `${[...res.headers].filter(([k]) => k !== 'set-cookie').join(' ')} ${await res.clone().text()}`,
      );
      return res;
    };

    const admin = new Browser(api.app);
    await keep(await admin.login('admin@example.com', 'wrong-Pa55word-attempt'));
    await keep(await admin.login('admin@example.com', 'admin-Pa55word-xyz'));
    secrets.push(admin.jar.get('jc_access')!, admin.jar.get('jc_refresh')!);

    const apiKey = wbApiKey(crypto.randomUUID());
    const session = wbPortalSession();
    secrets.push(
      apiKey,
      session.authorizev3,
      session.cookies.WBTokenV3,
      session.cookies['wbx-validation-key'],
    );
    const created = await keep(
      await admin.request('POST', '/api/accounts', {
        json: { name: 'ООО Тайна', inn: '7707083893', apiKey, portalSession: session },
      }),
    );
    expect(created.status).toBe(201);
    const accountId = (await body<{ account: { id: number } }>(created)).account.id;

    // Failures that carry secrets in their input.
    const secondKey = wbApiKey(crypto.randomUUID());
    secrets.push(secondKey);
    await keep(
      await admin.request('POST', '/api/accounts', {
        json: { name: 'ООО Тайна', inn: '7707083893', apiKey: secondKey, portalSession: session },
      }),
    );
    hostileValidator = true;
    const crashed = await keep(
      await admin.request('PATCH', `/api/accounts/${accountId}`, { json: { apiKey: secondKey } }),
    );
    hostileValidator = false;
    expect(crashed.status).toBe(500);
    await keep(
      await admin.request('POST', '/api/accounts', {
        json: {
          name: 'X',
          inn: '500100732259',
          apiKey: `${apiKey}garbage`,
          portalSession: { cookies: { 'bad name': session.cookies.WBTokenV3 } },
        },
      }),
    );

    // The proxy's side: credentials out, refreshed cookies in, token renewal.
    const server = await api.listen();
    const internal = createInternalApiClient({
      baseUrl: server.url,
      secret: config.INTERNAL_API_SECRET,
      clientName: 'proxy',
    });
    const read = await internal.getPortalSession(accountId);
    expect(read.cookies.WBTokenV3).toBe(session.cookies.WBTokenV3);
    secrets.push('refreshed-cookie-value-98765');
    await internal.updatePortalSession(accountId, {
      setCookies: { WBTokenV3: 'refreshed-cookie-value-98765' },
    });
    const manager = new Browser(api.app);
    await manager.login('manager@example.com', 'manager-Pa55word-xyz');
    const managerRefresh = manager.jar.get('jc_refresh')!;
    const pair = await internal.refreshTokens({ refreshToken: managerRefresh });
    secrets.push(managerRefresh, pair.accessToken, pair.refreshToken);
    await new Promise((r) => setTimeout(r, 150));
    await internal.refreshTokens({ refreshToken: managerRefresh }).catch(() => undefined);
    manager.jar.delete('jc_access');
    await keep(await manager.request('GET', '/api/auth/me'));
    await keep(await admin.request('GET', '/api/accounts'));
    await keep(await admin.request('GET', '/api/audit?limit=500'));

    const logText = api.logs.join('');
    // The log is really there: every request left a line, and the crash was logged with its (scrubbed) error.
    expect(api.logs.length).toBeGreaterThan(15);
    expect(logText).toContain('"msg":"api request"');
    expect(logText).toContain('WB rejected Authorization');
    expect(logText).toMatch(/Bearer \[REDACTED(_JWT)?\]/);
    const auditText = JSON.stringify(await api.db.selectFrom('audit_log').selectAll().execute());
    const responseText = responses.join('\n');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThanOrEqual(10);
      expect(logText.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false);
      expect(auditText.includes(secret), `audit contains ${secret.slice(0, 12)}…`).toBe(false);
      expect(responseText.includes(secret), `a response contains ${secret.slice(0, 12)}…`).toBe(false);
    }
    // Not even a recognisable fragment of a token's signature.
    for (const token of [apiKey, secondKey, pair.refreshToken]) {
      expect(logText).not.toContain(token.split('.')[2]!.slice(0, 24));
    }
    await server.close();
  });
});
