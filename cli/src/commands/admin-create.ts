import { appendAudit, createUser, findUserByEmail, grantRoles } from '@joycity/db';
import { hashPassword } from '@joycity/shared/crypto';
import { CommandError, type Command } from '../command.ts';
import { parseUserFlags } from './user-options.ts';

/**
 * The only way to make an administrator. It connects as the `joycity_bootstrap` database role, the one role
 * the user_roles trigger lets grant ADMIN; the API and the services cannot.
 */
export const adminCreate: Command = {
  name: 'admin:create',
  summary: 'Create an administrator (the only way to grant ADMIN)',
  usage: 'admin:create --email E --password P --name N',
  options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  async run(ctx, values) {
    const flags = parseUserFlags(values);
    const db = (await ctx.db()).get('bootstrap');
    if (await findUserByEmail(db, flags.email)) {
      throw new CommandError(`a user with email ${flags.email} already exists`);
    }
    const passwordHash = await hashPassword(flags.password);
    const user = await db.transaction().execute(async (trx) => {
      const created = await createUser(trx, {
        email: flags.email,
        name: flags.name,
        password_hash: passwordHash,
      });
      await grantRoles(trx, created.id, ['ADMIN']);
      await appendAudit(trx, {
        action: 'user.admin_created',
        target_type: 'user',
        target_id: created.id,
        details: { via: 'cli', email: created.email },
      });
      return created;
    });
    ctx.out(`Administrator ${user.email} created (id ${user.id}).`);
  },
};
