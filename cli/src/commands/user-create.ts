import {
  appendAudit,
  createUser,
  findAccountById,
  findUserByEmail,
  grantRoles,
  ROLE_CODES,
  type RoleCode,
} from '@joycity/db';
import { hashPassword } from '@joycity/shared/crypto';
import { CommandError, UsageError, type Command } from '../command.ts';
import { parseAccountId, parseUserFlags } from './user-options.ts';

export const userCreate: Command = {
  name: 'user:create',
  summary: 'Create a user with one or more roles',
  usage: 'user:create --email E --password P --name N --role R [--role R2 | --role R1,R2] [--account ID]',
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', multiple: true },
    account: { type: 'string' },
  },
  async run(ctx, values) {
    const flags = parseUserFlags(values);
    const roles = parseRoles(values.role);
    const accountId = parseAccountId(values.account);
    const db = (await ctx.db()).get('app');
    if (accountId !== undefined && !(await findAccountById(db, accountId))) {
      throw new CommandError(`--account ${accountId}: no such account (see account:list)`);
    }
    if (await findUserByEmail(db, flags.email))
      throw new CommandError(`a user with email ${flags.email} already exists`);
    const passwordHash = await hashPassword(flags.password);
    const user = await db.transaction().execute(async (trx) => {
      const created = await createUser(trx, {
        email: flags.email,
        name: flags.name,
        password_hash: passwordHash,
        current_account_id: accountId ?? null,
      });
      await grantRoles(trx, created.id, roles);
      await appendAudit(trx, {
        action: 'user.created',
        target_type: 'user',
        target_id: created.id,
        details: { via: 'cli', roles },
      });
      return created;
    });
    ctx.out(`User ${user.email} created (id ${user.id}) with roles ${roles.join(', ')}.`);
  },
};

function parseRoles(value: unknown): RoleCode[] {
  const list = (Array.isArray(value) ? value : [])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim().toUpperCase())
    .filter(Boolean);
  if (list.length === 0) throw new UsageError(`--role is required (one of ${ROLE_CODES.join(', ')})`);
  for (const role of list) {
    if (role === 'ADMIN') throw new UsageError('--role ADMIN cannot be granted here; use admin:create');
    if (!ROLE_CODES.includes(role as RoleCode)) {
      throw new UsageError(`--role: unknown role '${role}' (one of ${ROLE_CODES.join(', ')})`);
    }
  }
  return [...new Set(list)] as RoleCode[];
}
