import type { Executor } from '../client.ts';
import type { NewAuditEntry } from '../schema.ts';

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
