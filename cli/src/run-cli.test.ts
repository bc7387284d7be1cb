import { listUserRoles, findUserByEmail, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { verifyPassword } from '@joycity/shared/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

let tdb: TestDatabase;
let db: Database;
let accountId: number;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { DATABASE_URL: tdb.url },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
  accountId = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Лето', inn: '500100732259' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => tdb.drop());

describe('npm run cli', () => {
  it('creates an administrator through the bootstrap role', async () => {
    const res = await cli(
      'admin:create',
      '--email',
      'Boss@Example.com',
      '--password',
      'a-long-password',
      '--name',
      'Boss',
    );
    expect(res).toMatchObject({ code: 0, err: '' });
    const user = await findUserByEmail(db, 'boss@example.com');
    expect(user?.name).toBe('Boss');
    expect(await listUserRoles(db, user!.id)).toEqual(['ADMIN']);
    const row = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user!.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('a-long-password', row.password_hash)).toBe(true);
    const audit = await db.selectFrom('audit_log').select(['action', 'target_id']).execute();
    expect(audit).toContainEqual({ action: 'user.admin_created', target_id: user!.id });
  });

  it('creates users with roles and an account, and refuses ADMIN there', async () => {
    const ok = await cli(
      'user:create',
      '--email',
      'm1@example.com',
      '--password',
      'manager-password',
      '--name',
      'Мария',
      '--role',
      'manager,swagger',
      '--account',
      String(accountId),
    );
    expect(ok.code).toBe(0);
    const user = await findUserByEmail(db, 'm1@example.com');
    expect(user?.current_account_id).toBe(accountId);
    expect(await listUserRoles(db, user!.id)).toEqual(['MANAGER', 'SWAGGER']);

    const admin = await cli(
      'user:create',
      '--email',
      'x@example.com',
      '--password',
      'manager-password',
      '--name',
      'X',
      '--role',
      'ADMIN',
    );
    expect(admin.code).toBe(2);
    expect(admin.err).toContain('--role ADMIN cannot be granted here; use admin:create');
    expect(await findUserByEmail(db, 'x@example.com')).toBeUndefined();
  });

  it('answers bad arguments with a message naming them and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        [
          'user:create',
          '--email',
          'nope',
          '--password',
          'manager-password',
          '--name',
          'N',
          '--role',
          'MANAGER',
        ],
        /--email: 'nope' is not an email address/,
      ],
      [
        ['user:create', '--email', 'a@b.ru', '--password', 'short', '--name', 'N', '--role', 'MANAGER'],
        /--password must be at least 10 characters/,
      ],
      [
        [
          'user:create',
          '--email',
          'a@b.ru',
          '--password',
          'manager-password',
          '--name',
          'N',
          '--role',
          'KING',
        ],
        /unknown role 'KING'/,
      ],
      [
        [
          'user:create',
          '--email',
          'a@b.ru',
          '--password',
          'manager-password',
          '--name',
          'N',
          '--role',
          'MANAGER',
          '--account',
          'abc',
        ],
        /--account must be a positive account id/,
      ],
      [
        ['assign', '--email', 'm1@example.com', '--month', '2026-13', '--nm', '1'],
        /--month: month must look like YYYY-MM/,
      ],
      [
        ['assign', '--email', 'm1@example.com', '--month', '2026-11', '--nm', '1,x'],
        /--nm: 'x' is not an nmId/,
      ],
      [['assign', '--email', 'm1@example.com', '--month', '2026-11', '--bogus'], /Unknown option '--bogus'/],
      [['no-such-command'], /Unknown command 'no-such-command'/],
    ];
    for (const [argv, message] of cases) {
      const res = await cli(...argv);
      expect(res.code, argv.join(' ')).toBe(2);
      expect(res.err, argv.join(' ')).toMatch(message);
    }
  });

  it('assigns nmIds all-or-nothing and names conflicts', async () => {
    expect(
      (await cli('assign', '--email', 'm1@example.com', '--month', '2026-11', '--nm', '101,102')).out,
    ).toContain('now holds 2 nmId(s)');
    await cli(
      'user:create',
      '--email',
      'm2@example.com',
      '--password',
      'manager-password',
      '--name',
      'Пётр',
      '--role',
      'MANAGER',
      '--account',
      String(accountId),
    );
    const conflict = await cli(
      'assign',
      '--email',
      'm2@example.com',
      '--month',
      '2026-11',
      '--nm',
      '102,103',
    );
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain('already assigned to another user in 2026-11: 102; nothing changed');
    const held = await db.selectFrom('assignments').select('nm_id').where('nm_id', '=', 103).execute();
    expect(held).toEqual([]);

    const noAccount = await cli(
      'user:create',
      '--email',
      'm3@example.com',
      '--password',
      'manager-password',
      '--name',
      'Без',
      '--role',
      'MANAGER',
    );
    expect(noAccount.code).toBe(0);
    const res = await cli('assign', '--email', 'm3@example.com', '--month', '2026-11', '--nm', '5');
    expect(res.code).toBe(2);
    expect(res.err).toContain('has no current account; pass --account ID');
  });

  it('lists accounts without credentials', async () => {
    const res = await cli('account:list');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/ID\s+NAME\s+INN/);
    expect(res.out).toContain('ООО Лето');
    const json = await cli('account:list', '--json');
    const parsed = JSON.parse(json.out) as Array<Record<string, unknown>>;
    expect(parsed[0]).not.toHaveProperty('api_key_enc');
    expect(parsed[0]).not.toHaveProperty('portal_session_enc');
  });

  it('reports an up-to-date schema', async () => {
    expect((await cli('db:migrate')).out).toContain('Database is up to date.');
  });
});
