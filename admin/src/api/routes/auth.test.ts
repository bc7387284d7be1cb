import { randomUUID } from 'node:crypto';
import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import { createTokenService } from '@joycity/shared/auth';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  makeUser,
  setupDatabase,
  startInstance,
  testConfig,
  type ApiInstance,
} from '../../../test/harness.ts';
import type { ApiConfig } from '../context.ts';

let tdb: TestDatabase;
let bootstrap: Database;
let api: ApiInstance;
let config: ApiConfig;
let adminId: string;

beforeAll(async () => {
  const setup = await setupDatabase();
  ({ tdb, bootstrap } = setup);
  config = testConfig();
  // Lockout has its own tests (rate-limit.test.ts); here failures must not lock anyone out.
  api = await startInstance({
    tdb,
    config,
    kind: 'redis',
    namespace: setup.namespace,
    refreshGraceMs: 300,
    loginLimits: {
      email: { freeFailures: 1_000, baseLockMs: 1, maxLockMs: 1 },
      ip: { freeFailures: 1_000, baseLockMs: 1, maxLockMs: 1 },
    },
  });
  adminId = (await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] })).id;
  await makeUser(bootstrap, { email: 'manager@example.com', roles: ['MANAGER'] });
});
afterAll(async () => {
  await api.close();
  await tdb.drop();
});

type ErrorBody = { error: { code: string; message: string } };

describe('POST /api/auth/login', () => {
  it('signs in, answers the user and sets both token cookies for the whole domain plus a CSRF cookie', async () => {
    const browser = new Browser(api.app);
    const res = await browser.login('Admin@Example.com');
    expect(res.status).toBe(200);
    const json = await body<{
      user: { id: string; email: string; roles: string[]; lastLoginAt: string | null };
      csrfToken: string;
    }>(res);
    expect(json.user).toMatchObject({ id: adminId, email: 'admin@example.com', roles: ['ADMIN'] });
    expect(Date.now() - new Date(json.user.lastLoginAt!).getTime()).toBeLessThan(60_000);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    expect(JSON.stringify(json)).not.toMatch(/password|eyJ/);

    const cookies = res.headers.getSetCookie();
    const access = cookies.find((c) => c.startsWith('jc_access='))!;
    const refresh = cookies.find((c) => c.startsWith('jc_refresh='))!;
    const csrf = cookies.find((c) => c.startsWith('jc_csrf='))!;
    for (const c of [access, refresh]) {
      expect(c).toContain('Domain=joycity.test');
      expect(c).toContain('HttpOnly');
      expect(c).toContain('SameSite=Lax');
      expect(c).toContain('Path=/');
      expect(c).not.toContain('Secure');
    }
    expect(access).toContain('Max-Age=7200');
    expect(refresh).toContain('Max-Age=2592000');
    expect(csrf).not.toMatch(/Domain|HttpOnly/);
    expect(csrf).toContain(`jc_csrf=${json.csrfToken}`);

    const me = await browser.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    const meJson = await body<{ user: { email: string }; permissions: string[]; csrfToken: string }>(me);
    expect(meJson.user.email).toBe('admin@example.com');
    expect(meJson.permissions).toContain('users.write');
    expect(meJson.permissions).not.toContain('proxy.access');
    expect(meJson.csrfToken).toBe(json.csrfToken);

    const row = await api.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', adminId)
      .executeTakeFirst();
    expect(row?.device).toBe('Chrome 141 on Linux');
    expect(row?.ip).toBe(browser.ip);
  });

  it('marks cookies Secure with the __Secure-/__Host- prefixes in production', async () => {
    const prod = await startInstance({
      tdb,
      config: { ...config, NODE_ENV: 'production', PUBLIC_SCHEME: 'https' },
      kind: 'redis',
      namespace: `p${randomUUID().slice(0, 8)}`,
    });
    const browser = new Browser(prod.app, { origin: 'https://admin.joycity.test' });
    await browser.request('GET', '/api/auth/csrf');
    expect([...browser.jar.keys()]).toEqual(['__Host-jc_csrf']);
    const res = await browser.request('POST', '/api/auth/login', {
      json: { email: 'admin@example.com', password: 'correct horse battery' },
      csrf: browser.jar.get('__Host-jc_csrf')!,
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('__Secure-jc_access='))).toMatch(/; Secure; SameSite=Lax$/);
    expect(cookies.find((c) => c.startsWith('__Secure-jc_refresh='))).toMatch(
      /Domain=joycity\.test; .*Secure/,
    );
    expect(cookies.find((c) => c.startsWith('__Host-jc_csrf='))).toMatch(/; Path=\/; Secure; SameSite=Lax$/);
    await prod.close();
  });

  it('answers a wrong password and an unknown email identically, and audits both', async () => {
    const browser = new Browser(api.app);
    const wrong = await browser.login('manager@example.com', 'not the password');
    const unknown = await browser.login('nobody@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await body<ErrorBody>(wrong);
    const b = await body<ErrorBody>(unknown);
    expect(a.error.code).toBe('INVALID_CREDENTIALS');
    expect(b.error.code).toBe(a.error.code);
    expect(b.error.message).toBe(a.error.message);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('jc_access'))).toBe(false);
    const audit = await api.db
      .selectFrom('audit_log')
      .select(['actor_email', 'outcome', 'details'])
      .where('action', '=', 'auth.login')
      .where('outcome', '=', 'failure')
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor_email: 'manager@example.com', outcome: 'failure' }),
        expect.objectContaining({ actor_email: 'nobody@example.com', outcome: 'failure' }),
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain('not the password');
  });

  it('takes as long for an unknown email as for a wrong password (the dummy hash costs the same)', async () => {
    const time = async (email: string) => {
      const browser = new Browser(api.app);
      await browser.request('GET', '/api/auth/csrf');
      const started = performance.now();
      await browser.request('POST', '/api/auth/login', { json: { email, password: 'wrong-password' } });
      return performance.now() - started;
    };
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    await time('warmup@example.com');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await time('manager@example.com'));
      unknown.push(await time(`ghost${i}@example.com`));
    }
    // Without the dummy hash an unknown email would answer in a few ms against tens for scrypt (a ratio near
    // 0.05). The bounds are wide because other test files compete for the two cores.
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(3);
  });

  it('refuses a disabled user only after a correct password, and validates the input', async () => {
    await makeUser(bootstrap, { email: 'gone@example.com', roles: ['MANAGER'] });
    await bootstrap
      .updateTable('users')
      .set({ disabled: true })
      .where('email', '=', 'gone@example.com')
      .execute();
    const browser = new Browser(api.app);
    expect((await browser.login('gone@example.com', 'wrong one')).status).toBe(401);
    const disabled = await browser.login('gone@example.com');
    expect(disabled.status).toBe(403);
    expect((await body<ErrorBody>(disabled)).error.code).toBe('USER_DISABLED');

    const bad = await browser.request('POST', '/api/auth/login', { json: { email: 'x@example.com' } });
    expect(bad.status).toBe(400);
    const badJson = await body<ErrorBody & { error: { details: { issues: Array<{ path: string }> } } }>(bad);
    expect(badJson.error.code).toBe('VALIDATION_FAILED');
    expect(badJson.error.details.issues[0]!.path).toBe('password');
  });
});

describe('access tokens the API refuses', () => {
  const forge = async (
    claims: { sub: string; sid: string },
    tweak: { secret?: string; aud?: string; typ?: string; exp?: number; alg?: 'HS256' | 'HS384' } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: tweak.alg ?? 'HS256', typ: tweak.typ ?? 'at+jwt' })
      .setIssuer('joycity')
      .setAudience(tweak.aud ?? 'joycity')
      .setSubject(claims.sub)
      .setJti(randomUUID())
      .setIssuedAt(now - 10)
      .setExpirationTime(tweak.exp ?? now + 600)
      .sign(new TextEncoder().encode(tweak.secret ?? config.JWT_ACCESS_SECRET));
  };

  it('refuses alg none, a wrong key, an expired token, the wrong audience and the wrong type', async () => {
    const browser = new Browser(api.app);
    await browser.login('admin@example.com');
    const me = await body<{ user: { id: string }; sessionId: string }>(
      await browser.request('GET', '/api/auth/me'),
    );
    const subject = { sub: me.user.id, sid: me.sessionId };
    expect(
      (
        await new Browser(api.app).request('GET', '/api/auth/me', {
          headers: { cookie: `jc_access=${await forge(subject)}` },
        })
      ).status,
    ).toBe(200);

    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const payload = (await forge(subject)).split('.')[1];
    const refresh = (
      await createTokenService({
        accessSecret: config.JWT_ACCESS_SECRET,
        refreshSecret: config.JWT_REFRESH_SECRET,
      }).issue({ userId: subject.sub, sessionId: subject.sid })
    ).refresh.token;
    const cases: Array<[string, string, string]> = [
      ['alg none', `${header}.${payload}.`, 'TOKEN_INVALID'],
      ['wrong key', await forge(subject, { secret: 'k'.repeat(48) }), 'TOKEN_INVALID'],
      ['other HMAC', await forge(subject, { alg: 'HS384' }), 'TOKEN_INVALID'],
      ['expired', await forge(subject, { exp: Math.floor(Date.now() / 1000) - 60 }), 'TOKEN_EXPIRED'],
      ['audience', await forge(subject, { aud: 'joycity-refresh' }), 'TOKEN_INVALID'],
      ['type', await forge(subject, { typ: 'rt+jwt' }), 'TOKEN_INVALID'],
      ['a refresh token', refresh, 'TOKEN_INVALID'],
      ['unknown session', await forge({ sub: subject.sub, sid: randomUUID() }), 'SESSION_UNKNOWN'],
      ['someone else', await forge({ sub: randomUUID(), sid: subject.sid }), 'SESSION_UNKNOWN'],
    ];
    for (const [name, token, code] of cases) {
      const res = await new Browser(api.app).request('GET', '/api/auth/me', {
        headers: { cookie: `jc_access=${token}` },
      });
      expect(res.status, name).toBe(401);
      expect((await body<ErrorBody>(res)).error.code, name).toBe(code);
    }
    const none = await new Browser(api.app).request('GET', '/api/auth/me');
    expect((await body<ErrorBody>(none)).error.code).toBe('AUTH_REQUIRED');
  });
});

describe('refresh', () => {
  it('renews an expired access token transparently from the refresh cookie', async () => {
    const browser = new Browser(api.app);
    await browser.login('manager@example.com');
    const oldRefresh = browser.jar.get('jc_refresh')!;
    browser.jar.delete('jc_access');
    const res = await browser.request('GET', '/api/auth/me');
    expect(res.status).toBe(200);
    expect(browser.jar.get('jc_access')).toBeDefined();
    expect(browser.jar.get('jc_refresh')).not.toBe(oldRefresh);
    // And the renewed pair works on its own.
    expect((await browser.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('rotates on every use; a spent token after the grace window revokes the whole family', async () => {
    const browser = new Browser(api.app);
    await browser.login('manager@example.com');
    const first = browser.jar.get('jc_refresh')!;
    expect((await browser.request('POST', '/api/auth/refresh')).status).toBe(200);
    const second = browser.jar.get('jc_refresh')!;
    expect(second).not.toBe(first);
    expect((await browser.request('GET', '/api/auth/me')).status).toBe(200);

    await new Promise((r) => setTimeout(r, 400));
    const thief = browser.useOn(api.app);
    thief.jar.set('jc_refresh', first);
    thief.jar.delete('jc_access');
    const stolen = await thief.request('POST', '/api/auth/refresh');
    expect(stolen.status).toBe(401);
    expect((await body<ErrorBody>(stolen)).error.code).toBe('REFRESH_REUSED');
    expect(stolen.headers.getSetCookie().some((c) => /^jc_access=;/.test(c))).toBe(true);

    // The legitimate holder is signed out too: the access token's session is revoked, and so is the refresh.
    const me = await browser.request('GET', '/api/auth/me');
    expect(me.status).toBe(401);
    expect((await body<ErrorBody>(me)).error.code).toBe('SESSION_REVOKED');
    browser.jar.set('jc_refresh', second);
    expect((await body<ErrorBody>(await browser.request('POST', '/api/auth/refresh'))).error.code).toBe(
      'REFRESH_INVALID',
    );
    const audit = await api.db
      .selectFrom('audit_log')
      .select(['outcome', 'actor_user_id'])
      .where('action', '=', 'auth.refresh_reuse_detected')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.outcome).toBe('denied');
  });

  it('is single-flight: parallel requests with one expired token all succeed with the same new pair', async () => {
    const browser = new Browser(api.app);
    await browser.login('manager@example.com');
    browser.jar.delete('jc_access');
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => browser.useOn(api.app).request('GET', '/api/auth/me')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const refreshes = new Set(
      responses.map((r) => r.headers.getSetCookie().find((c) => c.startsWith('jc_refresh='))),
    );
    expect(refreshes.size).toBe(1);
    const session = await api.db
      .selectFrom('sessions')
      .select(['generation', 'revoked_at'])
      .where('user_id', '=', (await body<{ user: { id: string } }>(responses[0]!)).user.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ generation: 1, revoked_at: null });
  });
});

describe('logout and password change', () => {
  it('logs out: the session ends and the cookies are cleared', async () => {
    const browser = new Browser(api.app);
    await browser.login('manager@example.com');
    const copy = browser.useOn(api.app);
    const res = await browser.request('POST', '/api/auth/logout');
    expect(res.status).toBe(204);
    expect(browser.jar.has('jc_access')).toBe(false);
    expect(browser.jar.has('jc_refresh')).toBe(false);
    expect((await copy.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('changes the own password and ends the other sessions', async () => {
    await makeUser(bootstrap, { email: 'pw@example.com', roles: ['MANAGER'] });
    const laptop = new Browser(api.app);
    const phone = new Browser(api.app);
    await laptop.login('pw@example.com');
    await phone.login('pw@example.com');
    const wrong = await laptop.request('POST', '/api/auth/password', {
      json: { currentPassword: 'nope', newPassword: 'a brand new password' },
    });
    expect((await body<ErrorBody>(wrong)).error.code).toBe('PASSWORD_MISMATCH');
    const weak = await laptop.request('POST', '/api/auth/password', {
      json: { currentPassword: 'correct horse battery', newPassword: 'short' },
    });
    expect((await body<ErrorBody>(weak)).error.code).toBe('PASSWORD_WEAK');
    const ok = await laptop.request('POST', '/api/auth/password', {
      json: { currentPassword: 'correct horse battery', newPassword: 'a brand new password' },
    });
    expect(ok.status).toBe(204);
    expect((await laptop.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await phone.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await new Browser(api.app).login('pw@example.com', 'a brand new password')).status).toBe(200);
  });

  it('lets users change their own name, language and theme', async () => {
    const browser = new Browser(api.app);
    await browser.login('manager@example.com');
    const res = await browser.request('PATCH', '/api/auth/me', { json: { locale: 'en', theme: 'dark' } });
    expect(res.status).toBe(200);
    expect((await body<{ user: { locale: string; theme: string } }>(res)).user).toMatchObject({
      locale: 'en',
      theme: 'dark',
    });
    const escalate = await browser.request('PATCH', '/api/auth/me', { json: { roles: ['ADMIN'] } });
    expect(escalate.status).toBe(400);
  });
});
