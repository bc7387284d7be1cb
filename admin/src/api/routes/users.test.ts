import { listUserRoles, setUserRoles, sql, type Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
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

type ErrorBody = { error: { code: string; message: string } };
type UserBody = {
  user: { id: string; email: string; roles: string[]; disabled: boolean; currentAccountId: number | null };
};

let tdb: TestDatabase;
let bootstrap: Database;
let api: ApiInstance;
let admin: Browser;
let adminId: string;
let accountId: number;

beforeAll(async () => {
  const setup = await setupDatabase();
  ({ tdb, bootstrap } = setup);
  api = await startInstance({ tdb, config: testConfig(), kind: 'postgres', namespace: setup.namespace });
  adminId = (await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] })).id;
  await makeUser(bootstrap, { email: 'admin2@example.com', roles: ['ADMIN'] });
  accountId = (
    await bootstrap
      .insertInto('accounts')
      .values({ name: 'ООО Ромашка', inn: '7707083893' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  admin = new Browser(api.app);
  await admin.login('admin@example.com');
});
afterAll(async () => {
  await api.close();
  await tdb.drop();
});

const code = async (res: Response) => (await body<ErrorBody>(res)).error.code;

describe('users', () => {
  it('creates users with roles and a current account, and lists them with search and filters', async () => {
    const res = await admin.request('POST', '/api/users', {
      json: {
        email: 'Maria@Example.com',
        password: 'manager password',
        name: 'Мария',
        roles: ['MANAGER', 'SWAGGER'],
        accountId,
      },
    });
    expect(res.status).toBe(201);
    const { user } = await body<UserBody>(res);
    expect(user).toMatchObject({
      email: 'maria@example.com',
      roles: ['MANAGER', 'SWAGGER'],
      currentAccountId: accountId,
    });
    expect(JSON.stringify(user)).not.toMatch(/password/i);

    await admin.request('POST', '/api/users', {
      json: {
        email: 'pyotr@example.com',
        password: 'manager password',
        name: 'Пётр',
        roles: ['LOGISTICIAN'],
      },
    });
    const page = await body<{ items: Array<{ email: string }>; total: number }>(
      await admin.request('GET', '/api/users?role=MANAGER'),
    );
    expect(page.items.map((u) => u.email)).toEqual(['maria@example.com']);
    const search = await body<{ items: Array<{ email: string }>; total: number }>(
      await admin.request('GET', `/api/users?q=${encodeURIComponent('пёт')}`),
    );
    expect(search.items.map((u) => u.email)).toEqual(['pyotr@example.com']);
    const byAccount = await body<{ total: number }>(
      await admin.request('GET', `/api/users?accountId=${accountId}`),
    );
    expect(byAccount.total).toBe(1);
    const paged = await body<{ items: unknown[]; total: number }>(
      await admin.request('GET', '/api/users?limit=1&offset=1'),
    );
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(4);

    const audit = await api.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'user.created')
      .execute();
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit)).not.toContain('manager password');
  });

  it('explains bad input: a weak password, a taken email, an unknown account, an unknown role', async () => {
    const base = { email: 'new@example.com', password: 'a long password', name: 'N', roles: ['MANAGER'] };
    expect(
      await code(await admin.request('POST', '/api/users', { json: { ...base, password: 'short' } })),
    ).toBe('PASSWORD_WEAK');
    expect(
      await code(
        await admin.request('POST', '/api/users', { json: { ...base, email: 'maria@example.com' } }),
      ),
    ).toBe('USER_EMAIL_TAKEN');
    expect(await code(await admin.request('POST', '/api/users', { json: { ...base, accountId: 999 } }))).toBe(
      'ACCOUNT_NOT_FOUND',
    );
    const role = await body<ErrorBody>(
      await admin.request('POST', '/api/users', { json: { ...base, roles: ['KING'] } }),
    );
    expect(role.error.code).toBe('VALIDATION_FAILED');
    expect(role.error.message).toMatch(/roles\.0/);
  });

  it('refuses to grant or revoke ADMIN through the API, with a clear message', async () => {
    const create = await admin.request('POST', '/api/users', {
      json: { email: 'wannabe@example.com', password: 'a long password', name: 'W', roles: ['ADMIN'] },
    });
    expect(create.status).toBe(403);
    const json = await body<ErrorBody>(create);
    expect(json.error.code).toBe('ADMIN_GRANT_FORBIDDEN');
    expect(json.error.message).toContain('admin:create');

    const maria = (
      await body<{ items: Array<{ id: string }> }>(await admin.request('GET', '/api/users?q=maria'))
    ).items[0]!;
    const grant = await admin.request('PATCH', `/api/users/${maria.id}`, {
      json: { roles: ['MANAGER', 'ADMIN'] },
    });
    expect(await code(grant)).toBe('ADMIN_GRANT_FORBIDDEN');
    const admin2 = (
      await body<{ items: Array<{ id: string }> }>(await admin.request('GET', '/api/users?q=admin2'))
    ).items[0]!;
    const revoke = await admin.request('PATCH', `/api/users/${admin2.id}`, { json: { roles: ['MANAGER'] } });
    expect(await code(revoke)).toBe('ADMIN_GRANT_FORBIDDEN');
    expect(await listUserRoles(api.db, admin2.id)).toEqual(['ADMIN']);
    expect(await listUserRoles(api.db, maria.id)).toEqual(['MANAGER', 'SWAGGER']);
    const denied = await api.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('action', '=', 'user.role_grant_denied')
      .execute();
    expect(denied).toHaveLength(3);
  });

  it('is backed by the database: the app role cannot grant ADMIN even with raw SQL', async () => {
    const maria = (
      await body<{ items: Array<{ id: string }> }>(await admin.request('GET', '/api/users?q=maria'))
    ).items[0]!;
    // api.db is exactly the connection the API uses (role joycity_app).
    await expect(
      sql`INSERT INTO user_roles (user_id, role_code) VALUES (${maria.id}::uuid, 'ADMIN')`.execute(api.db),
    ).rejects.toThrow(/bootstrap CLI/);
    await expect(setUserRoles(api.db, maria.id, ['MANAGER', 'SWAGGER', 'ADMIN'], adminId)).rejects.toThrow(
      /bootstrap CLI/,
    );
    await expect(sql`DELETE FROM user_roles WHERE role_code = 'ADMIN'`.execute(api.db)).rejects.toThrow(
      /bootstrap CLI/,
    );
    expect(await listUserRoles(api.db, maria.id)).toEqual(['MANAGER', 'SWAGGER']);
  });

  it('does not let anyone raise their own roles', async () => {
    const self = await admin.request('PATCH', `/api/users/${adminId}`, {
      json: { roles: ['ADMIN', 'MANAGER'] },
    });
    expect(self.status).toBe(403);
    expect(await code(self)).toBe('SELF_ROLE_ESCALATION');
    const manager = new Browser(api.app);
    await manager.login('maria@example.com', 'manager password');
    const me = await body<{ user: { id: string } }>(await manager.request('GET', '/api/auth/me'));
    const raise = await manager.request('PATCH', `/api/users/${me.user.id}`, {
      json: { roles: ['MANAGER', 'AUDITOR'] },
    });
    expect(raise.status).toBe(403);
    expect(await code(raise)).toBe('FORBIDDEN');
    expect(
      await code(await admin.request('PATCH', `/api/users/${adminId}`, { json: { disabled: true } })),
    ).toBe('CANNOT_DISABLE_SELF');
  });

  it('applies role changes on the very next request', async () => {
    const maria = new Browser(api.app);
    await maria.login('maria@example.com', 'manager password');
    expect((await maria.request('GET', '/api/audit')).status).toBe(403);
    const { user } = await body<UserBody>(await maria.request('GET', '/api/auth/me'));
    const res = await admin.request('PATCH', `/api/users/${user.id}`, {
      json: { roles: ['MANAGER', 'AUDITOR'] },
    });
    expect((await body<UserBody>(res)).user.roles).toEqual(['AUDITOR', 'MANAGER']);
    expect((await maria.request('GET', '/api/audit')).status).toBe(200);
    const audit = await api.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'user.roles_changed')
      .where('target_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ added: ['AUDITOR'], removed: ['SWAGGER'] });
  });

  it('disabling a user or resetting their password ends their sessions at once', async () => {
    const created = await body<UserBody>(
      await admin.request('POST', '/api/users', {
        json: { email: 'temp@example.com', password: 'temp password 1', name: 'T', roles: ['ANALYST'] },
      }),
    );
    const temp = new Browser(api.app);
    await temp.login('temp@example.com', 'temp password 1');
    expect((await temp.request('GET', '/api/accounts')).status).toBe(200);

    const reset = await admin.request('PATCH', `/api/users/${created.user.id}`, {
      json: { password: 'temp password 2' },
    });
    expect(reset.status).toBe(200);
    expect(await code(await temp.request('GET', '/api/accounts'))).toBe('SESSION_REVOKED');
    expect((await new Browser(api.app).login('temp@example.com', 'temp password 1')).status).toBe(401);
    await temp.login('temp@example.com', 'temp password 2');
    expect((await temp.request('GET', '/api/accounts')).status).toBe(200);

    const disable = await admin.request('PATCH', `/api/users/${created.user.id}`, {
      json: { disabled: true },
    });
    expect((await body<UserBody>(disable)).user.disabled).toBe(true);
    expect((await temp.request('GET', '/api/accounts')).status).toBe(401);
    expect(await code(await new Browser(api.app).login('temp@example.com', 'temp password 2'))).toBe(
      'USER_DISABLED',
    );
    const sessions = await api.db
      .selectFrom('sessions')
      .select('revoked_reason')
      .where('user_id', '=', created.user.id)
      .execute();
    expect(sessions.map((s) => s.revoked_reason).sort()).toEqual(['disabled', 'password_changed']);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    expect(await code(await admin.request('GET', '/api/users/00000000-0000-4000-8000-000000000000'))).toBe(
      'USER_NOT_FOUND',
    );
    expect(await code(await admin.request('GET', '/api/users/not-a-uuid'))).toBe('VALIDATION_FAILED');
  });
});
