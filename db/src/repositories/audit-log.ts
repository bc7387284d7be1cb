import type { Executor } from '../client.ts';
import type { AuditEntry, NewAuditEntry } from '../schema.ts';

/**
 * Appends one entry to the audit log. The table is append-only (a trigger refuses changes), so this is
 * the only write there is. `details` must never carry a secret: callers pass ids, counts and masks.
 *
 * @example
 * await appendAudit(db, { action: 'auth.login', outcome: 'failure', actor_email: email, ip });
 */
export async function appendAudit(db: Executor, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ ...entry, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export interface AuditFilter {
  action?: string;
  /** Matches actions by prefix, e.g. `auth.` for every sign-in event. */
  actionPrefix?: string;
  actorUserId?: string;
  actorEmail?: string;
  targetType?: string;
  targetId?: string;
  outcome?: 'success' | 'failure' | 'denied';
  from?: Date;
  to?: Date;
  /** Keyset paging: entries with an id below this one (the previous page's `nextCursor`). */
  before?: number;
  limit?: number;
}

/**
 * Reads the audit log newest first, one page at a time. Keyset paging by id keeps pages stable while new
 * entries arrive and stays fast deep into the log.
 *
 * @example
 * const page = await listAudit(db, { actionPrefix: 'auth.', limit: 50 });
 * const next = await listAudit(db, { actionPrefix: 'auth.', limit: 50, before: page.nextCursor });
 */
export async function listAudit(
  db: Executor,
  filter: AuditFilter = {},
): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
  const limit = filter.limit ?? 50;
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actionPrefix) {
    query = query.where('action', 'like', `${filter.actionPrefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  }
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.actorEmail) query = query.where('actor_email', '=', filter.actorEmail.trim().toLowerCase());
  if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
