import {
  addAssignments,
  appendAudit,
  findAccountById,
  findUserByEmail,
  listAssignedNmIds,
} from '@joycity/db';
import { parseMonth } from '@joycity/shared/time';
import { CommandError, requireString, UsageError, type Command } from '../command.ts';
import { parseAccountId } from './user-options.ts';

/**
 * Adds nmIds to a manager's assignment for a month. All or nothing: if another manager holds one of them in
 * that account and month, nothing changes and the conflicts are named.
 */
export const assign: Command = {
  name: 'assign',
  summary: "Add nmIds to a user's monthly assignment",
  usage: 'assign --email E --month YYYY-MM --nm 1,2,3 [--account ID]',
  options: {
    email: { type: 'string' },
    month: { type: 'string' },
    nm: { type: 'string' },
    account: { type: 'string' },
  },
  async run(ctx, values) {
    const email = requireString(values, 'email');
    let month: string;
    try {
      month = parseMonth(requireString(values, 'month'));
    } catch (err) {
      throw new UsageError(`--month: ${(err as Error).message}`);
    }
    const nmIds = parseNmIds(requireString(values, 'nm'));
    const db = (await ctx.db()).get('app');
    const user = await findUserByEmail(db, email);
    if (!user) throw new CommandError(`--email: no user with email ${email}`);
    const accountId = parseAccountId(values.account) ?? user.current_account_id ?? undefined;
    if (accountId === undefined) {
      throw new UsageError(`${user.email} has no current account; pass --account ID (see account:list)`);
    }
    if (!(await findAccountById(db, accountId)))
      throw new CommandError(`--account ${accountId}: no such account`);

    await db.transaction().execute(async (trx) => {
      const conflicts = await addAssignments(trx, { accountId, userId: user.id, month, nmIds });
      if (conflicts.length > 0) {
        const list = conflicts.map((c) => c.nmId).join(', ');
        throw new CommandError(
          `already assigned to another user in ${month.slice(0, 7)}: ${list}; nothing changed`,
        );
      }
      await appendAudit(trx, {
        action: 'assignments.added',
        target_type: 'user',
        target_id: user.id,
        details: { via: 'cli', accountId, month, count: nmIds.length },
      });
    });
    const all = await listAssignedNmIds(db, { accountId, userId: user.id, month });
    ctx.out(
      `${user.email} now holds ${all.length} nmId(s) in account ${accountId} for ${month.slice(0, 7)}.`,
    );
  },
};

function parseNmIds(value: string): number[] {
  const parts = value.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) throw new UsageError('--nm needs at least one nmId');
  return parts.map((part) => {
    const n = Number(part);
    if (!/^\d+$/.test(part) || !Number.isSafeInteger(n) || n <= 0) {
      throw new UsageError(`--nm: '${part}' is not an nmId (a positive whole number)`);
    }
    return n;
  });
}
