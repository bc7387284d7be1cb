import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import {
  authCookieSettings,
  createAuthenticator,
  createSessionCache,
  tokenSetCookies,
} from '@joycity/shared/auth';
import { subscribeEvent, type ChannelMessages } from '@joycity/shared/coordination';
import type { RunningServer } from '@joycity/shared/http';
import {
  createInternalApiClient,
  InternalApiError,
  type InternalApiClient,
} from '@joycity/shared/internal-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  COORDINATORS,
  makeUser,
  openCoordinator,
  setupDatabase,
  startInstance,
  testConfig,
  wbApiKey,
  wbPortalSession,
  type ApiInstance,
} from '../../../test/harness.ts';
import type { ApiConfig } from '../context.ts';

let tdb: TestDatabase;
let bootstrap: Database;
let namespace: string;
beforeAll(async () => {
  ({ tdb, bootstrap, namespace } = await setupDatabase());
  await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] });
  await makeUser(bootstrap, { email: 'manager@example.com', roles: ['MANAGER'] });
});
afterAll(() => tdb.drop());

const errorCode = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(InternalApiError);
    return (err as InternalApiError).code;
  }
  return 'no error';
};

describe.each(COORDINATORS)('the internal API for the proxy, coordinated by %s', (kind) => {
  let config: ApiConfig;
  let api: ApiInstance;
  let server: RunningServer;
  let client: InternalApiClient;
  let accountId: number;
  let session: ReturnType<typeof wbPortalSession>;

  beforeAll(async () => {
    config = testConfig();
    api = await startInstance({ tdb, config, kind, namespace: `${namespace}-${kind}`, refreshGraceMs: 300 });
    server = await api.listen();
    client = createInternalApiClient({
      baseUrl: server.url,
      secret: config.INTERNAL_API_SECRET,
      clientName: 'proxy',
    });
    const admin = new Browser(api.app);
    await admin.login('admin@example.com');
    session = wbPortalSession();
    const created = await admin.request('POST', '/api/accounts', {
      json: {
        name: `ООО ${kind}`,
        inn: kind === 'redis' ? '7707083893' : '500100732259',
        apiKey: wbApiKey(crypto.randomUUID()),
        portalSession: session,
      },
    });
    accountId = (await body<{ account: { id: number } }>(created)).account.id;
    await bootstrap
      .updateTable('users')
      .set({ current_account_id: accountId })
      .where('email', '=', 'manager@example.com')
      .execute();
  });
  afterAll(async () => {
    await api.close();
  });

  it('hands the decrypted portal session to the proxy, and audits the read once per window', async () => {
    const first = await client.getPortalSession(accountId);
    expect(first).toMatchObject({
      accountId,
      version: 1,
      status: 'unknown',
      cookies: session.cookies,
      authorizev3: session.authorizev3,
    });
    await client.getPortalSession(accountId);
    const reads = await api.db
      .selectFrom('audit_log')
      .select(['details', 'user_agent'])
      .where('action', '=', 'account.credentials_read')
      .where('target_id', '=', String(accountId))
      .execute();
    expect(reads).toHaveLength(1);
    expect(reads[0]!.user_agent).toBe('internal:proxy');
    expect(await errorCode(client.getPortalSession(999_999))).toBe('ACCOUNT_NOT_FOUND');
    const wrong = createInternalApiClient({
      baseUrl: server.url,
      secret: 'x'.repeat(43),
      clientName: 'proxy',
    });
    expect(await errorCode(wrong.getPortalSession(accountId))).toBe('INTERNAL_UNAUTHORIZED');
  });

  it("keeps WB's refreshed cookies server-side: atomic patches, versions, replacement, and a change event", async () => {
    const events: Array<ChannelMessages['accounts.changed']> = [];
    const listener = await openCoordinator(kind, tdb, `${namespace}-${kind}`);
    await subscribeEvent(listener, 'accounts.changed', (m) => events.push(m));

    const before = await client.getPortalSession(accountId);
    const patched = await client.updatePortalSession(accountId, {
      setCookies: { WBTokenV3: 'refreshed-token-value-1' },
      removeCookies: ['wbx-validation-key'],
      setTokens: {
        'wb-seller-lk': {
          value: 'short-lived-token-1',
          expiresAt: new Date(Date.now() + 300_000).toISOString(),
        },
      },
      expectedVersion: before.version,
    });
    expect(patched.version).toBe(before.version + 1);
    expect(patched.cookies).toEqual({
      WBTokenV3: 'refreshed-token-value-1',
      'x-supplier-id-external': session.cookies['x-supplier-id-external'],
    });
    expect(patched.tokens?.['wb-seller-lk']?.value).toBe('short-lived-token-1');
    expect(patched.authorizev3).toBe(session.authorizev3);

    // Parallel patches from two replicas never lose each other's cookies.
    await Promise.all([
      client.updatePortalSession(accountId, { setCookies: { a: 'value-from-replica-1' } }),
      client.updatePortalSession(accountId, { setCookies: { b: 'value-from-replica-2' } }),
    ]);
    const merged = await client.getPortalSession(accountId);
    expect(merged.cookies).toMatchObject({ a: 'value-from-replica-1', b: 'value-from-replica-2' });
    expect(merged.version).toBe(patched.version + 2);

    expect(
      await errorCode(client.updatePortalSession(accountId, { authorizev3: null, expectedVersion: 1 })),
    ).toBe('PORTAL_SESSION_VERSION_CONFLICT');
    const replaced = await client.replacePortalSession(
      accountId,
      { cookies: { WBTokenV3: 'brand-new-session' } },
      merged.version,
    );
    expect(replaced).toMatchObject({
      cookies: { WBTokenV3: 'brand-new-session' },
      version: merged.version + 1,
    });
    expect(replaced.authorizev3).toBeUndefined();
    await expect.poll(() => events.length).toBeGreaterThanOrEqual(4);
    expect(events.every((e) => e.accountId === accountId)).toBe(true);
    await listener.close();

    const stored = await api.db
      .selectFrom('accounts')
      .select(['portal_session_enc', 'portal_cookie_names'])
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(stored.portal_session_enc).not.toContain('brand-new-session');
    expect(stored.portal_cookie_names).toEqual(['WBTokenV3']);
  });

  it('records that WB rejected the session, for admins to see', async () => {
    const res = await client.setSessionStatus(accountId, 'needs_relogin', 'WB answered 401 to /ns/suppliers');
    expect(res).toMatchObject({ accountId, status: 'needs_relogin' });
    const admin = new Browser(api.app);
    await admin.login('admin@example.com');
    const { account } = await body<{ account: { portalSession: { status: string; statusReason: string } } }>(
      await admin.request('GET', `/api/accounts/${accountId}`),
    );
    expect(account.portalSession).toMatchObject({
      status: 'needs_relogin',
      statusReason: 'WB answered 401 to /ns/suppliers',
    });
    await client.setSessionStatus(accountId, 'ok');
    const changes = await api.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'account.session_status_changed')
      .where('target_id', '=', String(accountId))
      .execute();
    expect(changes.map((c) => c.details)).toEqual([
      expect.objectContaining({ from: 'unknown', to: 'needs_relogin' }),
      expect.objectContaining({ from: 'needs_relogin', to: 'ok' }),
    ]);
  });

  it('lets the proxy verify access tokens and renew them: single-flight, cookies for its own response', async () => {
    const browser = new Browser(api.app);
    await browser.login('manager@example.com');
    const refreshToken = browser.jar.get('jc_refresh')!;

    // What the proxy does: verify with the shared authenticator (same cache + pub/sub as the admin).
    const proxyCoordinator = await openCoordinator(kind, tdb, `${namespace}-${kind}`);
    const sessions = await createSessionCache({ db: api.db, coordinator: proxyCoordinator });
    const auth = createAuthenticator({ accessSecret: config.JWT_ACCESS_SECRET, sessions });
    const verified = await auth.authenticate(browser.jar.get('jc_access'));
    expect(verified.ok && verified.principal.permissions.has('proxy.access')).toBe(true);
    expect(verified.ok && verified.principal.currentAccountId).toBe(accountId);
    expect(await auth.authenticate(undefined)).toEqual({ ok: false, code: 'TOKEN_MISSING', renewable: true });

    const pairs = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.refreshTokens({ refreshToken, ip: '203.0.113.7', userAgent: 'proxy-test' }),
      ),
    );
    expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1);
    const renewed = await auth.authenticate(pairs[0]!.accessToken);
    expect(renewed.ok).toBe(true);
    const cookies = tokenSetCookies(authCookieSettings(config), pairs[0]!);
    expect(cookies[0]).toMatch(
      /^jc_access=.+; Max-Age=7200; Domain=joycity\.test; Path=\/; HttpOnly; SameSite=Lax$/,
    );

    // A second proxy process holding the old token gets the same pair during the grace window...
    const other = createInternalApiClient({
      baseUrl: server.url,
      secret: config.INTERNAL_API_SECRET,
      clientName: 'proxy',
    });
    expect((await other.refreshTokens({ refreshToken })).refreshToken).toBe(pairs[0]!.refreshToken);
    // ...and reuse after it revokes the family, which the proxy's cache hears about at once.
    await new Promise((r) => setTimeout(r, 400));
    expect(await errorCode(other.refreshTokens({ refreshToken }))).toBe('REFRESH_REUSED');
    expect(await auth.authenticate(pairs[0]!.accessToken)).toEqual({
      ok: false,
      code: 'SESSION_REVOKED',
      renewable: false,
    });
    expect(await errorCode(other.refreshTokens({ refreshToken: 'garbage' }))).toBe('REFRESH_INVALID');
    expect(
      await errorCode(other.refreshTokens({ refreshToken: pairs[0]!.refreshToken, ip: 'not-an-ip' })),
    ).toBe('VALIDATION_FAILED');
    await sessions.close();
    await proxyCoordinator.close();
  });
});
