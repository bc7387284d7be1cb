import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client.ts';
import { createUser, grantRoles, listUserRoles } from './repositories/users.ts';
import { createTestDatabase, type TestDatabase } from './testing/index.ts';

// ADMIN grants are guarded by the database itself. These tests log in as a role that holds exactly what the
// services hold (membership of joycity_app) and try every way around the guard with raw SQL.
const APP_LOGIN = 'joycity_test_app_login';

let tdb: TestDatabase;
let bootstrap: Database;
let appClient: pg.Client;
let adminId: string;
let userId: string;

async function asApp(query: string, params: unknown[] = []) {
  return appClient.query(query, params);
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  const owner = tdb.connect('owner');
  await sql`
    DO $$ BEGIN
      CREATE ROLE joycity_test_app_login LOGIN INHERIT IN ROLE joycity_app;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
  `.execute(owner);

  bootstrap = tdb.connect('bootstrap');
  const admin = await createUser(bootstrap, { email: 'root@example.com', name: 'Root', password_hash: 'x' });
  await grantRoles(bootstrap, admin.id, ['ADMIN']);
  adminId = admin.id;
  userId = (await createUser(bootstrap, { email: 'm@example.com', name: 'Manager', password_hash: 'x' })).id;

  const url = new URL(tdb.url);
  url.username = APP_LOGIN;
  url.password = '';
  appClient = new pg.Client({ connectionString: url.toString() });
  await appClient.connect();
});

afterAll(async () => {
  await appClient?.end();
  await tdb.drop();
});

const refused = (promise: Promise<unknown>, pattern: RegExp) => expect(promise).rejects.toThrow(pattern);

describe('ADMIN is protected by the database', () => {
  it('lets the app role grant ordinary roles', async () => {
    await asApp(`INSERT INTO user_roles (user_id, role_code) VALUES ($1, 'MANAGER')`, [userId]);
    expect(await listUserRoles(bootstrap, userId)).toEqual(['MANAGER']);
  });

  it('refuses to grant ADMIN to the app role, whatever the statement', async () => {
    const guard = /ADMIN role can only be granted or revoked by the bootstrap CLI/;
    await refused(asApp(`INSERT INTO user_roles (user_id, role_code) VALUES ($1, 'ADMIN')`, [userId]), guard);
    await refused(asApp(`UPDATE user_roles SET role_code = 'ADMIN' WHERE user_id = $1`, [userId]), guard);
    await refused(
      asApp(
        `INSERT INTO user_roles (user_id, role_code) SELECT id, 'ADMIN' FROM users WHERE id = $1 ON CONFLICT DO NOTHING`,
        [userId],
      ),
      guard,
    );
    await refused(
      asApp(
        `INSERT INTO user_roles (user_id, role_code) VALUES ($1, 'MANAGER') ON CONFLICT (user_id, role_code) DO UPDATE SET role_code = 'ADMIN'`,
        [userId],
      ),
      guard,
    );
    expect(await listUserRoles(bootstrap, userId)).toEqual(['MANAGER']);
  });

  it('refuses to revoke or move an existing ADMIN grant', async () => {
    const guard = /ADMIN role can only be granted or revoked by the bootstrap CLI/;
    await refused(asApp(`DELETE FROM user_roles WHERE role_code = 'ADMIN'`), guard);
    await refused(asApp(`UPDATE user_roles SET role_code = 'MANAGER' WHERE user_id = $1`, [adminId]), guard);
    await refused(asApp(`UPDATE user_roles SET user_id = $1 WHERE user_id = $2`, [userId, adminId]), guard);
    await refused(asApp(`TRUNCATE user_roles`), /permission denied|not allowed/);
    await refused(asApp(`DELETE FROM users WHERE id = $1`, [adminId]), /violates foreign key|ADMIN role/);
    expect(await listUserRoles(bootstrap, adminId)).toEqual(['ADMIN']);
  });

  it('cannot switch to a role that passes, nor switch the guard off', async () => {
    await refused(asApp('SET ROLE joycity_bootstrap'), /permission denied/);
    await refused(asApp('ALTER TABLE user_roles DISABLE TRIGGER user_roles_protect_admin'), /must be owner/);
    await refused(asApp('DROP TRIGGER user_roles_protect_admin ON user_roles'), /must be owner/);
    await refused(asApp("SET session_replication_role = 'replica'"), /permission denied/);
    await refused(
      asApp(
        'CREATE OR REPLACE FUNCTION protect_admin_grants() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
      ),
      /must be owner|permission denied/,
    );
    await refused(
      asApp("SET joycity.bootstrap = 'on'").then(() =>
        asApp(`INSERT INTO user_roles (user_id, role_code) VALUES ($1, 'ADMIN')`, [userId]),
      ),
      /bootstrap CLI/,
    );
  });

  it('cannot hand ADMIN powers to another role through the permission catalogue', async () => {
    await refused(
      asApp(`INSERT INTO role_permissions VALUES ('MANAGER', 'users.write')`),
      /permission denied/,
    );
    await refused(asApp(`UPDATE roles SET code = 'ADMIN2' WHERE code = 'ADMIN'`), /permission denied/);
    await refused(asApp(`DELETE FROM role_permissions WHERE role_code = 'ADMIN'`), /permission denied/);
  });

  it('holds for the services too: a superuser login running with role=joycity_app is refused', async () => {
    const app = tdb.connect('app');
    await refused(
      sql`INSERT INTO user_roles (user_id, role_code) VALUES (${userId}::uuid, 'ADMIN')`.execute(app),
      /bootstrap CLI/,
    );
    await refused(grantRoles(app, userId, ['ADMIN']), /bootstrap CLI/);
  });

  it('lets the bootstrap role grant and revoke ADMIN', async () => {
    await grantRoles(bootstrap, userId, ['ADMIN']);
    expect(await listUserRoles(bootstrap, userId)).toEqual(['ADMIN', 'MANAGER']);
    await bootstrap
      .deleteFrom('user_roles')
      .where('user_id', '=', userId)
      .where('role_code', '=', 'ADMIN')
      .execute();
    expect(await listUserRoles(bootstrap, userId)).toEqual(['MANAGER']);
  });

  it('keeps the audit log append-only', async () => {
    await asApp(`INSERT INTO audit_log (action) VALUES ('test.entry')`);
    await refused(asApp(`UPDATE audit_log SET action = 'x.y'`), /permission denied|append-only/);
    await refused(asApp(`DELETE FROM audit_log`), /permission denied|append-only/);
    await refused(asApp(`TRUNCATE audit_log`), /permission denied|append-only/);
    // Even the owner cannot rewrite history through ordinary statements.
    const owner = tdb.connect('owner');
    await refused(sql`DELETE FROM audit_log`.execute(owner), /append-only/);
  });
});
