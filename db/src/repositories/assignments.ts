import { sql } from 'kysely';
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

/** Removes nmIds from a user's assignment for one account and month; returns the nmIds actually removed. */
export async function removeAssignments(
  db: Executor,
  input: { accountId: number; userId: string; month: string; nmIds: readonly number[] },
): Promise<number[]> {
  assertMonthStart(input.month);
  if (input.nmIds.length === 0) return [];
  const rows = await db
    .deleteFrom('assignments')
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .where('month', '=', input.month)
    .where('nm_id', 'in', [...new Set(input.nmIds)])
    .returning('nm_id')
    .execute();
  return rows.map((r) => r.nm_id).sort((a, b) => a - b);
}

/** Who holds each of these nmIds in an account and month (nmIds nobody holds are absent). */
export async function findAssignmentHolders(
  db: Executor,
  input: { accountId: number; month: string; nmIds: readonly number[] },
): Promise<Map<number, string>> {
  assertMonthStart(input.month);
  const holders = new Map<number, string>();
  const unique = [...new Set(input.nmIds)];
  for (let i = 0; i < unique.length; i += 10_000) {
    const rows = await db
      .selectFrom('assignments')
      .select(['nm_id', 'user_id'])
      .where('account_id', '=', input.accountId)
      .where('month', '=', input.month)
      .where('nm_id', '=', (eb) => eb.fn.any(eb.val(unique.slice(i, i + 10_000))))
      .execute();
    for (const r of rows) holders.set(r.nm_id, r.user_id);
  }
  return holders;
}

/**
 * The nmIds among `nmIds` the account is known to sell: present in its synced cards or its synced orders.
 * Used to refuse typos before they become assignments.
 */
export async function findKnownNmIds(
  db: Executor,
  accountId: number,
  nmIds: readonly number[],
): Promise<Set<number>> {
  const unique = [...new Set(nmIds)];
  const known = new Set<number>();
  for (let i = 0; i < unique.length; i += 10_000) {
    const chunk = unique.slice(i, i + 10_000);
    const rows = await db
      .selectFrom('wb_cards')
      .select('nm_id')
      .where('account_id', '=', accountId)
      .where('nm_id', '=', (eb) => eb.fn.any(eb.val(chunk)))
      .union((eb) =>
        eb
          .selectFrom('wb_orders')
          .select('nm_id')
          .where('account_id', '=', accountId)
          .where('nm_id', '=', (eb2) => eb2.fn.any(eb2.val(chunk))),
      )
      .execute();
    for (const r of rows) known.add(r.nm_id);
  }
  return known;
}

export interface AssignedCard {
  nm_id: number;
  title: string | null;
  vendor_code: string | null;
  photo_url: string | null;
  brand: string | null;
}

export interface ManagerAssignmentSummary {
  user_id: string;
  email: string;
  name: string;
  disabled: boolean;
  avatar_key: string | null;
  count: number;
  /** The first few nmIds (ascending) with their cards, for the table. */
  sample: AssignedCard[];
}

/**
 * Every manager (a user whose roles grant `proxy.access`) of the platform, plus anyone else holding nmIds in
 * this account and month, with their count and a sample of their nmIds with card names and photos. Two
 * queries whatever the number of managers.
 */
export async function listAssignmentSummary(
  db: Executor,
  input: { accountId: number; month: string; sampleSize?: number },
): Promise<ManagerAssignmentSummary[]> {
  assertMonthStart(input.month);
  const sampleSize = input.sampleSize ?? 6;
  const rows = await db
    .with('holders', (qb) =>
      qb
        .selectFrom('assignments')
        .select(['user_id', (eb) => eb.fn.countAll<number>().as('count')])
        .where('account_id', '=', input.accountId)
        .where('month', '=', input.month)
        .groupBy('user_id'),
    )
    .with('managers', (qb) =>
      qb
        .selectFrom('user_roles')
        .innerJoin('role_permissions', 'role_permissions.role_code', 'user_roles.role_code')
        .select('user_roles.user_id')
        .where('role_permissions.permission_code', '=', 'proxy.access')
        .union((eb) => eb.selectFrom('holders').select('holders.user_id')),
    )
    .selectFrom('managers')
    .innerJoin('users', 'users.id', 'managers.user_id')
    .leftJoin('holders', 'holders.user_id', 'users.id')
    .select([
      'users.id as user_id',
      'users.email',
      'users.name',
      'users.disabled',
      'users.avatar_key',
      sql<number>`coalesce(holders.count, 0)`.as('count'),
    ])
    .orderBy('users.name')
    .orderBy('users.email')
    .execute();
  if (rows.length === 0) return [];
  const samples = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('assignments')
        .select([
          'user_id',
          'nm_id',
          sql<number>`row_number() OVER (PARTITION BY user_id ORDER BY nm_id)`.as('rn'),
        ])
        .where('account_id', '=', input.accountId)
        .where('month', '=', input.month)
        .as('a'),
    )
    .leftJoin('wb_cards as c', (join) =>
      join.onRef('c.nm_id', '=', 'a.nm_id').on('c.account_id', '=', input.accountId),
    )
    .select(['a.user_id', 'a.nm_id', 'c.title', 'c.vendor_code', 'c.photo_url', 'c.brand'])
    .where('a.rn', '<=', sampleSize)
    .orderBy('a.user_id')
    .orderBy('a.nm_id')
    .execute();
  const byUser = new Map<string, AssignedCard[]>();
  for (const s of samples) {
    const list = byUser.get(s.user_id) ?? [];
    list.push({
      nm_id: s.nm_id,
      title: s.title,
      vendor_code: s.vendor_code,
      photo_url: s.photo_url,
      brand: s.brand,
    });
    byUser.set(s.user_id, list);
  }
  return rows.map((r) => ({ ...r, count: Number(r.count), sample: byUser.get(r.user_id) ?? [] }));
}

/** One user's nmIds in an account and month with their cards, ascending. */
export async function listUserAssignedCards(
  db: Executor,
  input: { accountId: number; userId: string; month: string },
): Promise<AssignedCard[]> {
  assertMonthStart(input.month);
  return db
    .selectFrom('assignments as a')
    .leftJoin('wb_cards as c', (join) =>
      join.onRef('c.nm_id', '=', 'a.nm_id').onRef('c.account_id', '=', 'a.account_id'),
    )
    .select(['a.nm_id', 'c.title', 'c.vendor_code', 'c.photo_url', 'c.brand'])
    .where('a.account_id', '=', input.accountId)
    .where('a.user_id', '=', input.userId)
    .where('a.month', '=', input.month)
    .orderBy('a.nm_id')
    .execute();
}

/** Every assignment of an account and month (for the Excel export), by user email then nmId. */
export async function listMonthAssignments(
  db: Executor,
  input: { accountId: number; month: string },
): Promise<
  Array<{ email: string; name: string; nm_id: number; title: string | null; vendor_code: string | null }>
> {
  assertMonthStart(input.month);
  return db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('wb_cards as c', (join) =>
      join.onRef('c.nm_id', '=', 'a.nm_id').onRef('c.account_id', '=', 'a.account_id'),
    )
    .select(['u.email', 'u.name', 'a.nm_id', 'c.title', 'c.vendor_code'])
    .where('a.account_id', '=', input.accountId)
    .where('a.month', '=', input.month)
    .orderBy('u.email')
    .orderBy('a.nm_id')
    .execute();
}

/**
 * Copies an account's assignments of one month into another (the next month usually). nmIds already held by
 * someone in the target month stay with them and are counted as skipped. Returns the users affected.
 */
export async function copyAssignments(
  db: Executor,
  input: { accountId: number; fromMonth: string; toMonth: string; createdBy?: string | null },
): Promise<{ copied: number; skipped: number; userIds: string[] }> {
  assertMonthStart(input.fromMonth);
  assertMonthStart(input.toMonth);
  const source = await db
    .selectFrom('assignments')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('account_id', '=', input.accountId)
    .where('month', '=', input.fromMonth)
    .executeTakeFirstOrThrow();
  const inserted = await db
    .insertInto('assignments')
    .columns(['account_id', 'user_id', 'month', 'nm_id', 'created_by'])
    .expression((eb) =>
      eb
        .selectFrom('assignments')
        .select([
          'account_id',
          'user_id',
          sql<string>`${input.toMonth}::date`.as('month'),
          'nm_id',
          sql<string | null>`${input.createdBy ?? null}::uuid`.as('created_by'),
        ])
        .where('account_id', '=', input.accountId)
        .where('month', '=', input.fromMonth),
    )
    .onConflict((oc) => oc.columns(['account_id', 'month', 'nm_id']).doNothing())
    .returning('user_id')
    .execute();
  return {
    copied: inserted.length,
    skipped: Number(source.n) - inserted.length,
    userIds: [...new Set(inserted.map((r) => r.user_id))],
  };
}
