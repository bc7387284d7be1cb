import type { ImportRow, ImportRowVerdict } from '@joycity/db';
import type { RawImportRow } from './excel.ts';

/**
 * Gives every row of an assignment file its verdict. Pure: the caller looks up users, known nmIds and current
 * holders first (three set-based queries, whatever the file's size).
 *
 * Verdicts, in the order they are decided:
 * - `malformed`: the email is not an email, or the nmId is not a positive whole number;
 * - `duplicate`: the same email and nmId appeared on an earlier row (only the first counts);
 * - `unknown_user` / `user_disabled`;
 * - `conflict_in_file`: the nmId is given to two or more different managers in this file (all such rows);
 * - `unknown_nm`: the account has no synced card or order with this nmId;
 * - in `add` mode, `conflict_existing` (another manager already holds it this month) or `already_assigned`
 *   (this manager already holds it: nothing to do);
 * - `ok`.
 */
export interface JudgeContext {
  mode: 'add' | 'replace';
  users: Map<string, { id: string; disabled: boolean; email: string }>;
  knownNmIds: Set<number>;
  /** nmId → user id of the current holder in this account and month. */
  holders: Map<number, string>;
  /** user id → email, for messages about holders. */
  emailOf: (userId: string) => string | undefined;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function judgeRows(raw: readonly RawImportRow[], ctx: JudgeContext): ImportRow[] {
  const firstSeen = new Map<string, number>();
  const usersOfNm = new Map<number, Set<string>>();
  type Prepared = {
    row: number;
    email: string | null;
    nmId: number | null;
    verdict?: ImportRowVerdict;
    detail?: Record<string, string | number>;
  };
  const prepared = raw.map((r): Prepared => {
    const email = r.email?.trim().toLowerCase() ?? null;
    const nmId = typeof r.nm === 'number' && r.nm > 0 ? r.nm : null;
    const base = { row: r.row, email, nmId };
    if (!email || !EMAIL.test(email)) {
      return { ...base, verdict: 'malformed', detail: { column: 'email', value: r.email ?? '' } };
    }
    if (nmId === null) {
      return { ...base, verdict: 'malformed', detail: { column: 'nmId', value: String(r.nm ?? '') } };
    }
    const key = `${email}\u0000${nmId}`;
    const first = firstSeen.get(key);
    if (first !== undefined) {
      return { ...base, verdict: 'duplicate', detail: { firstRow: first } };
    }
    firstSeen.set(key, r.row);
    const set = usersOfNm.get(nmId) ?? new Set<string>();
    set.add(email);
    usersOfNm.set(nmId, set);
    return base;
  });

  return prepared.map((p): ImportRow => {
    if (p.verdict) {
      return {
        row: p.row,
        email: p.email,
        nmId: p.nmId,
        userId: null,
        verdict: p.verdict,
        ...(p.detail ? { detail: p.detail } : {}),
      };
    }
    const email = p.email!;
    const nmId = p.nmId!;
    const user = ctx.users.get(email);
    const row = (verdict: ImportRowVerdict, detail?: Record<string, string | number>): ImportRow => ({
      row: p.row,
      email,
      nmId,
      userId: user?.id ?? null,
      verdict,
      ...(detail ? { detail } : {}),
    });
    if (!user) return row('unknown_user');
    if (user.disabled) return row('user_disabled');
    const claimants = usersOfNm.get(nmId)!;
    if (claimants.size > 1) {
      return row('conflict_in_file', { others: [...claimants].filter((e) => e !== email).join(', ') });
    }
    if (!ctx.knownNmIds.has(nmId)) return row('unknown_nm');
    if (ctx.mode === 'add') {
      const holder = ctx.holders.get(nmId);
      if (holder === user.id) return row('already_assigned');
      if (holder) return row('conflict_existing', { heldBy: ctx.emailOf(holder) ?? holder });
    }
    return row('ok');
  });
}

export const ERROR_VERDICTS: ReadonlySet<ImportRowVerdict> = new Set([
  'unknown_user',
  'user_disabled',
  'unknown_nm',
  'conflict_in_file',
  'conflict_existing',
  'malformed',
  'duplicate',
]);

export function summarize(rows: readonly ImportRow[]): Record<string, number> {
  const summary: Record<string, number> = { total: rows.length, valid: 0, errors: 0 };
  for (const r of rows) {
    summary[r.verdict] = (summary[r.verdict] ?? 0) + 1;
    if (r.verdict === 'ok') summary.valid! += 1;
    if (ERROR_VERDICTS.has(r.verdict)) summary.errors! += 1;
  }
  return summary;
}
