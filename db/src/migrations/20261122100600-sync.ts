import { sql, type Kysely } from 'kysely';

/**
 * Sync bookkeeping. `sync_state` is one row per (account, dataset): the cursor that commits in the same
 * transaction as the rows it covers, and the lease a worker takes with `FOR UPDATE SKIP LOCKED`.
 * `sync_runs` records every pass: counts, duration and errors.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dataset = sql`dataset IN ('orders', 'sales', 'finance', 'stocks', 'cards')`;

  await db.schema
    .createTable('sync_state')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('dataset', 'text', (c) => c.notNull().check(dataset))
    .addColumn('cursor', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('next_run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_started_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('backfill_completed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sync_state_pkey', ['account_id', 'dataset'])
    .execute();
  await db.schema.createIndex('sync_state_due_idx').on('sync_state').columns(['next_run_at']).execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('dataset', 'text', (c) => c.notNull().check(dataset))
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) =>
      c
        .notNull()
        .defaultTo('schedule')
        .check(sql`trigger IN ('schedule', 'manual', 'backfill')`),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('running')
        .check(sql`status IN ('running', 'succeeded', 'failed', 'aborted')`),
    )
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex('sync_runs_account_dataset_idx')
    .on('sync_runs')
    .columns(['account_id', 'dataset', 'started_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_runs').execute();
  await db.schema.dropTable('sync_state').execute();
}
