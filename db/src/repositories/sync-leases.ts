import { sql } from 'kysely';
import type { Executor } from '../client.ts';
import { DATASETS, type Dataset } from '../schema.ts';

/**
 * The sync worker's side of `sync_state` / `sync_runs`: leases taken with `FOR UPDATE SKIP LOCKED` (so N worker
 * replicas share the work and never hold the same (account, dataset) at once), heartbeats, cursor commits that
 * succeed only while the lease is still ours, and run bookkeeping.
 */

export interface SyncLease {
  accountId: number;
  dataset: Dataset;
  cursor: Record<string, unknown>;
  backfillCompletedAt: Date | null;
  consecutiveFailures: number;
}

/**
 * Creates the missing (account, dataset) rows of active accounts, due now: a new account gets its backfill
 * on the next poll.
 */
export async function ensureSyncStates(db: Executor): Promise<void> {
  await sql`
    INSERT INTO sync_state (account_id, dataset)
    SELECT a.id, d.dataset FROM accounts a CROSS JOIN unnest(${sql.val([...DATASETS])}::text[]) AS d(dataset)
    WHERE a.status = 'active'
    ON CONFLICT (account_id, dataset) DO NOTHING`.execute(db);
}

const leaseColumns = sql`u.account_id, u.dataset, u.cursor, u.backfill_completed_at, u.consecutive_failures`;
type LeaseRow = {
  account_id: number;
  dataset: Dataset;
  cursor: Record<string, unknown>;
  backfill_completed_at: Date | null;
  consecutive_failures: number;
};
const toLease = (r: LeaseRow): SyncLease => ({
  accountId: r.account_id,
  dataset: r.dataset,
  cursor: r.cursor,
  backfillCompletedAt: r.backfill_completed_at,
  consecutiveFailures: r.consecutive_failures,
});

/** Accounts whose key we may use: active, key not known bad. */
const usableAccount = sql`EXISTS (SELECT 1 FROM accounts a WHERE a.id = s.account_id AND a.status = 'active'
  AND a.key_status NOT IN ('invalid', 'expired') AND a.api_key_enc IS NOT NULL
  AND (a.api_key_expires_at IS NULL OR a.api_key_expires_at > now()))`;

/**
 * Takes the lease of the most overdue (account, dataset) no one holds, or returns undefined. Rows locked by
 * another worker's claim are skipped, not waited for.
 */
export async function claimDueSync(
  db: Executor,
  input: { owner: string; leaseMs: number; datasets?: readonly Dataset[] },
): Promise<SyncLease | undefined> {
  const datasets = [...(input.datasets ?? DATASETS)];
  const { rows } = await sql<LeaseRow>`
    UPDATE sync_state AS u SET lease_owner = ${input.owner},
      lease_expires_at = now() + ${input.leaseMs} * interval '1 millisecond', heartbeat_at = now(),
      last_started_at = now(), updated_at = now()
    FROM (
      SELECT s.account_id, s.dataset FROM sync_state s
      WHERE s.enabled AND s.next_run_at <= now() AND (s.lease_expires_at IS NULL OR s.lease_expires_at < now())
        AND s.dataset = ANY(${sql.val(datasets)}::text[]) AND ${usableAccount}
      ORDER BY s.next_run_at
      LIMIT 1
      FOR UPDATE OF s SKIP LOCKED
    ) AS due
    WHERE u.account_id = due.account_id AND u.dataset = due.dataset
    RETURNING ${leaseColumns}`.execute(db);
  return rows[0] ? toLease(rows[0]) : undefined;
}

/**
 * Takes the lease of one (account, dataset) whether due or not (`sync:once`). Undefined when another worker
 * holds it or the account cannot be synced.
 */
export async function claimSync(
  db: Executor,
  input: { owner: string; leaseMs: number; accountId: number; dataset: Dataset },
): Promise<SyncLease | undefined> {
  await sql`INSERT INTO sync_state (account_id, dataset) SELECT id, ${input.dataset} FROM accounts
    WHERE id = ${input.accountId} ON CONFLICT DO NOTHING`.execute(db);
  const { rows } = await sql<LeaseRow>`
    UPDATE sync_state AS u SET lease_owner = ${input.owner},
      lease_expires_at = now() + ${input.leaseMs} * interval '1 millisecond', heartbeat_at = now(),
      last_started_at = now(), updated_at = now()
    FROM (
      SELECT s.account_id, s.dataset FROM sync_state s
      WHERE s.account_id = ${input.accountId} AND s.dataset = ${input.dataset}
        AND (s.lease_expires_at IS NULL OR s.lease_expires_at < now() OR s.lease_owner = ${input.owner})
      FOR UPDATE OF s SKIP LOCKED
    ) AS due
    WHERE u.account_id = due.account_id AND u.dataset = due.dataset
    RETURNING ${leaseColumns}`.execute(db);
  return rows[0] ? toLease(rows[0]) : undefined;
}

/** Extends a lease we hold. False when it is no longer ours (expired and taken by another worker). */
export async function heartbeatSync(
  db: Executor,
  input: { owner: string; leaseMs: number; accountId: number; dataset: Dataset },
): Promise<boolean> {
  const r = await db
    .updateTable('sync_state')
    .set({
      lease_expires_at: sql<Date>`now() + ${input.leaseMs} * interval '1 millisecond'`,
      heartbeat_at: sql<Date>`now()`,
    })
    .where('account_id', '=', input.accountId)
    .where('dataset', '=', input.dataset)
    .where('lease_owner', '=', input.owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Writes the cursor, in the transaction that wrote the rows it covers, only while the lease is ours (the row
 * is locked until commit). False means the lease was lost: the caller must roll back.
 */
export async function commitSyncCursor(
  trx: Executor,
  input: { owner: string; accountId: number; dataset: Dataset; cursor: Record<string, unknown> },
): Promise<boolean> {
  const r = await trx
    .updateTable('sync_state')
    .set({ cursor: JSON.stringify(input.cursor), updated_at: sql<Date>`now()` })
    .where('account_id', '=', input.accountId)
    .where('dataset', '=', input.dataset)
    .where('lease_owner', '=', input.owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends a lease: success resets failures and records the backfill; failure records the error. */
export async function releaseSync(
  db: Executor,
  input: {
    owner: string;
    accountId: number;
    dataset: Dataset;
    nextRunAt: Date;
    outcome: { ok: true } | { ok: false; error: string };
  },
): Promise<void> {
  const base = db
    .updateTable('sync_state')
    .where('account_id', '=', input.accountId)
    .where('dataset', '=', input.dataset)
    .where('lease_owner', '=', input.owner);
  const common = {
    lease_owner: null,
    lease_expires_at: null,
    heartbeat_at: null,
    next_run_at: input.nextRunAt,
    updated_at: sql<Date>`now()`,
  };
  if (input.outcome.ok) {
    await base
      .set({
        ...common,
        last_success_at: sql<Date>`now()`,
        last_error: null,
        consecutive_failures: 0,
        backfill_completed_at: sql<Date>`coalesce(backfill_completed_at, now())`,
      })
      .execute();
  } else {
    await base
      .set({
        ...common,
        last_error: input.outcome.error.slice(0, 2000),
        last_error_at: sql<Date>`now()`,
        consecutive_failures: sql<number>`consecutive_failures + 1`,
      })
      .execute();
  }
}

/** Opens a run record; runs left `running` by a crashed worker for this pair are marked `aborted`. */
export async function startSyncRun(
  db: Executor,
  input: {
    accountId: number;
    dataset: Dataset;
    workerId: string;
    trigger: 'schedule' | 'manual' | 'backfill';
  },
): Promise<number> {
  await db
    .updateTable('sync_runs')
    .set({ status: 'aborted', finished_at: sql<Date>`now()`, error: 'the worker stopped (lease expired)' })
    .where('account_id', '=', input.accountId)
    .where('dataset', '=', input.dataset)
    .where('status', '=', 'running')
    .execute();
  const { id } = await db
    .insertInto('sync_runs')
    .values({
      account_id: input.accountId,
      dataset: input.dataset,
      worker_id: input.workerId,
      trigger: input.trigger,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

export interface SyncRunCounts {
  requests: number;
  rowsReceived: number;
  rowsWritten: number;
  details?: Record<string, unknown>;
}

/** Closes a run record with its counts (duration = finished_at − started_at). */
export async function finishSyncRun(
  db: Executor,
  runId: number,
  input: SyncRunCounts & { status: 'succeeded' | 'failed'; error?: string | null },
): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({
      status: input.status,
      finished_at: sql<Date>`now()`,
      requests: input.requests,
      rows_received: input.rowsReceived,
      rows_written: input.rowsWritten,
      error: input.error?.slice(0, 2000) ?? null,
      details: JSON.stringify(input.details ?? {}),
    })
    .where('id', '=', runId)
    .execute();
}

/**
 * WB refused the account's key (401: expired, withdrawn, wrong category): the key is `invalid` until replaced,
 * which the admin sees; workers stop using it (claims skip the account).
 */
export async function markApiKeyInvalid(db: Executor, accountId: number, reason: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      key_status: 'invalid',
      key_status_reason: reason.slice(0, 500),
      key_checked_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', accountId)
    .execute();
}

/** Records a successful call with the key (an `unknown` key becomes `ok`). */
export async function markApiKeyOk(db: Executor, accountId: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ key_status: 'ok', key_status_reason: null, key_checked_at: sql<Date>`now()` })
    .where('id', '=', accountId)
    .where('key_status', '=', 'unknown')
    .execute();
}
