import type { Executor } from '../client.ts';

const MONTH_START = /^\d{4}-(0[1-9]|1[0-2])-01$/;

/** Throws unless `month` is the first day of a month, `'YYYY-MM-01'`, the form the table stores. */
export function assertMonthStart(month: string): void {
  if (!MONTH_START.test(month)) throw new RangeError(`month must be 'YYYY-MM-01', got '${month}'`);
}

export interface AssignmentConflict {
  nmId: number;
  /** The user who already holds this nmId in this account and month. */
  heldBy: string;
}

/**
 * Adds nmIds to a user's assignment for one account and month. nmIds the user already holds are kept;
 * nmIds another user holds are not taken over but returned as conflicts, so the caller decides (the CLI
 * rolls back and names them).
 *
 * @example
 * const conflicts = await addAssignments(trx, { accountId: 1, userId, month: '2026-11-01', nmIds: [1, 2] });
 */
export async function addAssignments(
  db: Executor,
  input: {
    accountId: number;
    userId: string;
    month: string;
    nmIds: readonly number[];
    createdBy?: string | null;
  },
): Promise<AssignmentConflict[]> {
  assertMonthStart(input.month);
  const nmIds = [...new Set(input.nmIds)];
  if (nmIds.length === 0) return [];
  await db
    .insertInto('assignments')
    .values(
      nmIds.map((nm_id) => ({
        account_id: input.accountId,
        user_id: input.userId,
        month: input.month,
        nm_id,
        created_by: input.createdBy ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['account_id', 'month', 'nm_id']).doNothing())
    .execute();
  const holders = await db
    .selectFrom('assignments')
    .select(['nm_id', 'user_id'])
    .where('account_id', '=', input.accountId)
    .where('month', '=', input.month)
    .where('nm_id', 'in', nmIds)
    .where('user_id', '<>', input.userId)
    .execute();
  return holders.map((h) => ({ nmId: h.nm_id, heldBy: h.user_id }));
}

/** The nmIds a user holds in one account and month, ascending. */
export async function listAssignedNmIds(
  db: Executor,
  input: { accountId: number; userId: string; month: string },
): Promise<number[]> {
  assertMonthStart(input.month);
  const rows = await db
    .selectFrom('assignments')
    .select('nm_id')
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .where('month', '=', input.month)
    .orderBy('nm_id')
    .execute();
  return rows.map((r) => r.nm_id);
}
