import { sql } from 'kysely';
import type { Executor } from '../client.ts';
import { DATASETS, type Dataset } from '../schema.ts';

/**
 * Asks the sync worker to run one (account, dataset) now: sets its `next_run_at` to now(). The worker picks due
 * rows by `next_run_at`, so the next free worker takes it within one poll. A row that does not exist yet (a new
 * account the worker has not scheduled) is created due now. A row whose lease is held keeps running; it simply
 * becomes due again as soon as that run ends. Returns false when the account does not exist.
 *
 * @example
 * await requestSyncNow(db, { accountId: 3, dataset: 'orders' });
 */
export async function requestSyncNow(
  db: Executor,
  input: { accountId: number; dataset: Dataset },
): Promise<boolean> {
  if (!DATASETS.includes(input.dataset)) throw new RangeError(`unknown dataset '${input.dataset}'`);
  const result = await db
    .insertInto('sync_state')
    .columns(['account_id', 'dataset', 'next_run_at'])
    .expression((eb) =>
      eb
        .selectFrom('accounts')
        .select([
          'accounts.id',
          sql<Dataset>`${input.dataset}::text`.as('dataset'),
          sql<Date>`now()`.as('next_run_at'),
        ])
        .where('accounts.id', '=', input.accountId),
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'dataset']).doUpdateSet({ next_run_at: sql`now()`, updated_at: sql`now()` }),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface SyncStatusRow {
  account_id: number;
  dataset: Dataset;
  enabled: boolean;
  next_run_at: Date;
  last_started_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  consecutive_failures: number;
  backfill_completed_at: Date | null;
  leased: boolean;
  last_run: {
    id: number;
    status: 'running' | 'succeeded' | 'failed' | 'aborted';
    trigger: 'schedule' | 'manual' | 'backfill';
    started_at: Date;
    finished_at: Date | null;
    rows_written: number;
    requests: number;
    error: string | null;
  } | null;
}

/**
 * The sync state of every (account, dataset) pair that exists, with each one's latest run, in one query (a
 * lateral join on the runs index), for the admin's sync page.
 */
export async function listSyncStatus(db: Executor, accountId?: number): Promise<SyncStatusRow[]> {
  let query = db
    .selectFrom('sync_state as s')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('sync_runs as r')
          .select([
            'r.id',
            'r.status',
            'r.trigger',
            'r.started_at',
            'r.finished_at',
            'r.rows_written',
            'r.requests',
            'r.error',
          ])
          .whereRef('r.account_id', '=', 's.account_id')
          .whereRef('r.dataset', '=', 's.dataset')
          .orderBy('r.started_at', 'desc')
          .limit(1)
          .as('run'),
      (join) => join.onTrue(),
    )
    .select([
      's.account_id',
      's.dataset',
      's.enabled',
      's.next_run_at',
      's.last_started_at',
      's.last_success_at',
      's.last_error',
      's.last_error_at',
      's.consecutive_failures',
      's.backfill_completed_at',
      sql<boolean>`coalesce(s.lease_expires_at > now(), false)`.as('leased'),
      'run.id as run_id',
      'run.status as run_status',
      'run.trigger as run_trigger',
      'run.started_at as run_started_at',
      'run.finished_at as run_finished_at',
      'run.rows_written as run_rows_written',
      'run.requests as run_requests',
      'run.error as run_error',
    ])
    .orderBy('s.account_id')
    .orderBy('s.dataset');
  if (accountId !== undefined) query = query.where('s.account_id', '=', accountId);
  const rows = await query.execute();
  return rows.map((r) => ({
    account_id: r.account_id,
    dataset: r.dataset,
    enabled: r.enabled,
    next_run_at: r.next_run_at,
    last_started_at: r.last_started_at,
    last_success_at: r.last_success_at,
    last_error: r.last_error,
    last_error_at: r.last_error_at,
    consecutive_failures: r.consecutive_failures,
    backfill_completed_at: r.backfill_completed_at,
    leased: r.leased,
    last_run:
      r.run_id === null || r.run_id === undefined
        ? null
        : {
            id: r.run_id,
            status: r.run_status!,
            trigger: r.run_trigger!,
            started_at: r.run_started_at!,
            finished_at: r.run_finished_at ?? null,
            rows_written: r.run_rows_written!,
            requests: r.run_requests!,
            error: r.run_error ?? null,
          },
  }));
}
