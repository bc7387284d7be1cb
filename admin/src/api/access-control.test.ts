import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  makeUser,
  PROXY_ORIGIN,
  setupDatabase,
  startInstance,
  testConfig,
  type ApiInstance,
} from '../../test/harness.ts';
import type { ApiConfig } from './context.ts';
import { secretsEqual } from './access-control.ts';

type ErrorBody = { error: { code: string; message: string } };

let tdb: TestDatabase;
let bootstrap: Database;
let api: ApiInstance;
let config: ApiConfig;
beforeAll(async () => {
  const setup = await setupDatabase();
  ({ tdb, bootstrap } = setup);
  config = testConfig();
  api = await startInstance({ tdb, config, kind: 'redis', namespace: setup.namespace });
  await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] });
  await makeUser(bootstrap, { email: 'manager@example.com', roles: ['MANAGER'] });
  await makeUser(bootstrap, { email: 'docs@example.com', roles: ['SWAGGER'] });
});
afterAll(async () => {
  await api.close();
  await tdb.drop();
});

const code = async (res: Response) => (await body<ErrorBody>(res)).error.code;
const newUser = (email: string) => ({ email, password: 'a long password', name: 'N', roles: ['MANAGER'] });

describe('CSRF', () => {
  it('refuses a state-changing request from a wb-seller origin, even with valid cookies and token', async () => {
    const admin = new Browser(api.app);
    await admin.login('admin@example.com');
    for (const origin of [
      PROXY_ORIGIN,
      'http://seller-auth.wb-seller.joycity.test:8080',
      'http://admin.joycity.test:3000.evil.com',
      'http://admin.joycity.test',
      'https://admin.joycity.test:3000',
      'null',
    ]) {
      const res = await admin.request('POST', '/api/users', { json: newUser('x@example.com'), origin });
      expect(res.status, origin).toBe(403);
      expect(await code(res), origin).toBe('CSRF_ORIGIN_MISMATCH');
    }
    const noOrigin = await admin.request('POST', '/api/users', {
      json: newUser('x@example.com'),
      origin: null,
    });
    expect(await code(noOrigin)).toBe('CSRF_ORIGIN_MISMATCH');
    // Sign-in itself is guarded the same way: no login CSRF from the proxied pages.
    const login = await new Browser(api.app, { origin: PROXY_ORIGIN }).login('admin@example.com');
    expect(await code(login)).toBe('CSRF_ORIGIN_MISMATCH');
    expect((await admin.request('GET', '/api/users?q=x@example.com')).status).toBe(200);
    expect(
      await api.db.selectFrom('users').select('id').where('email', '=', 'x@example.com').execute(),
    ).toEqual([]);
  });

  it('refuses a request without the token, with a token not matching the cookie, or bound to another session', async () => {
    const admin = new Browser(api.app);
    await admin.login('admin@example.com');
    const ownToken = admin.jar.get('jc_csrf')!;

    expect(
      await code(await admin.request('POST', '/api/users', { json: newUser('y@example.com'), csrf: false })),
    ).toBe('CSRF_TOKEN_MISSING');
    const withoutCookie = admin.useOn(api.app);
    withoutCookie.jar.delete('jc_csrf');
    expect(
      await code(
        await withoutCookie.request('POST', '/api/users', { json: newUser('y@example.com'), csrf: ownToken }),
      ),
    ).toBe('CSRF_TOKEN_MISSING');

    // A genuine token from another session (the attacker's own), planted as cookie and header alike.
    const attacker = new Browser(api.app);
    await attacker.login('manager@example.com');
    const foreign = attacker.jar.get('jc_csrf')!;
    const tossed = admin.useOn(api.app);
    tossed.jar.set('jc_csrf', foreign);
    expect(await code(await tossed.request('POST', '/api/users', { json: newUser('y@example.com') }))).toBe(
      'CSRF_TOKEN_INVALID',
    );
    // An anonymous token is not enough once signed in, and a made-up one never is.
    const anon = new Browser(api.app);
    await anon.request('GET', '/api/auth/csrf');
    const anonToken = anon.jar.get('jc_csrf')!;
    for (const token of [anonToken, `${ownToken}x`, 'YWJj.bm9uY2U.c2ln']) {
      const forged = admin.useOn(api.app);
      forged.jar.set('jc_csrf', token);
      expect(await code(await forged.request('POST', '/api/users', { json: newUser('y@example.com') }))).toBe(
        'CSRF_TOKEN_INVALID',
      );
    }
    const mismatch = await admin.request('POST', '/api/users', {
      json: newUser('y@example.com'),
      csrf: anonToken,
    });
    expect(await code(mismatch)).toBe('CSRF_TOKEN_INVALID');

    expect((await admin.request('POST', '/api/users', { json: newUser('y@example.com') })).status).toBe(201);
  });

  it('needs a token for sign-in too, and issues one bound to the new session', async () => {
    const browser = new Browser(api.app);
    const res = await browser.request('POST', '/api/auth/login', {
      json: { email: 'admin@example.com', password: 'correct horse battery' },
    });
    expect(await code(res)).toBe('CSRF_TOKEN_MISSING');
    expect((await browser.login('admin@example.com')).status).toBe(200);
    const me = await body<{ sessionId: string }>(await browser.request('GET', '/api/auth/me'));
    const token = browser.jar.get('jc_csrf')!;
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).toBe(me.sessionId);
  });
});

describe('the internal API secret', () => {
  it('is required, compared exactly, and nothing else stands in for it', async () => {
    const path = '/api/internal/accounts/1/portal-session';
    const admin = new Browser(api.app);
    await admin.login('admin@example.com');
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${config.INTERNAL_API_SECRET.slice(0, -1)}` },
      { authorization: `Bearer ${config.INTERNAL_API_SECRET}x` },
      { authorization: `Basic ${config.INTERNAL_API_SECRET}` },
      { authorization: `bearer ${config.INTERNAL_API_SECRET}` },
      { 'x-internal-secret': config.INTERNAL_API_SECRET },
    ];
    for (const headers of attempts) {
      const res = await admin.request('GET', path, { headers });
      expect(res.status, JSON.stringify(Object.keys(headers))).toBe(401);
      expect(await code(res)).toBe('INTERNAL_UNAUTHORIZED');
    }
    const ok = await new Browser(api.app, { origin: null }).request('GET', path, {
      headers: { authorization: `Bearer ${config.INTERNAL_API_SECRET}` },
    });
    expect(ok.status).toBe(404);
    expect(await code(ok)).toBe('ACCOUNT_NOT_FOUND');
  });

  it('compares in constant time whatever the lengths', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });
});

describe('permissions', () => {
  it('guards every route of the OpenAPI document as it declares, and refuses the anonymous', async () => {
    const docs = new Browser(api.app);
    await docs.login('docs@example.com');
    const doc = await body<{
      paths: Record<string, Record<string, { 'x-access': { kind: string; permission?: string } }>>;
    }>(await docs.request('GET', '/api/openapi.json'));
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        path,
        method: method.toUpperCase(),
        access: op['x-access'],
      })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const op of operations) {
      expect(op.access, `${op.method} ${op.path}`).toBeDefined();
      if (op.access.kind === 'public') continue;
      const path = op.path.replace(/\{[^}]+\}/g, (m) =>
        m === '{id}' && /accounts/.test(op.path) ? '1' : '00000000-0000-4000-8000-000000000000',
      );
      const anonymous = new Browser(api.app);
      await anonymous.request('GET', '/api/auth/csrf');
      const res = await anonymous.request(op.method, path, op.method === 'GET' ? {} : { json: {} });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expect(await code(res), `${op.method} ${op.path}`).toBe(
        op.access.kind === 'internal' ? 'INTERNAL_UNAUTHORIZED' : 'AUTH_REQUIRED',
      );
    }
    const publicOps = operations
      .filter((o) => o.access.kind === 'public')
      .map((o) => `${o.method} ${o.path}`);
    expect(publicOps.sort()).toEqual([
      'GET /api/auth/csrf',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/refresh',
    ]);
  });

  it('refuses a user without the permission, says which, and audits it', async () => {
    const manager = new Browser(api.app);
    await manager.login('manager@example.com');
    for (const [method, path] of [
      ['GET', '/api/users'],
      ['GET', '/api/accounts'],
      ['GET', '/api/audit'],
      ['GET', '/api/openapi.json'],
      ['GET', '/api/swagger-ui'],
    ] as const) {
      const res = await manager.request(method, path);
      expect(res.status, path).toBe(403);
      const json = await body<ErrorBody>(res);
      expect(json.error.code).toBe('FORBIDDEN');
      expect(json.error.message).toMatch(/You need the '[a-z_.]+' permission/);
    }
    const denied = await api.db
      .selectFrom('audit_log')
      .select(['target_id', 'details'])
      .where('action', '=', 'access.denied')
      .execute();
    expect(denied.map((d) => d.target_id)).toContain('GET /api/users');
  });

  it('shows Swagger UI and the OpenAPI document to the SWAGGER role only', async () => {
    expect((await new Browser(api.app).request('GET', '/api/swagger-ui')).status).toBe(401);
    const docs = new Browser(api.app);
    await docs.login('docs@example.com');
    const ui = await docs.request('GET', '/api/swagger-ui');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('/api/openapi.json');
    const doc = await body<{ openapi: string; paths: Record<string, unknown> }>(
      await docs.request('GET', '/api/openapi.json'),
    );
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/sessions',
      '/api/sessions/{id}',
      '/api/users',
      '/api/users/{id}',
      '/api/accounts',
      '/api/audit',
      '/api/internal/auth/refresh',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    // An admin has every permission but swagger.view is data too: ADMIN holds it.
    const admin = new Browser(api.app);
    await admin.login('admin@example.com');
    expect((await admin.request('GET', '/api/openapi.json')).status).toBe(200);
  });
});
