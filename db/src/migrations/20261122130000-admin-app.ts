import { sql, type Kysely } from 'kysely';

/**
 * What the admin app adds:
 *
 * - `proxy_route_observations`: routes the filtering proxy answered with its generic deep filter (no specific
 *   rule yet), one row per host + method + path pattern, with a sample of the answer's shape (keys and types,
 *   never values) and how often it was seen. The admin lists them so a specific rule can be written.
 * - `assignment_imports`: an uploaded Excel file of assignments after parsing, with a verdict per row. The
 *   preview is stored so that "apply" applies exactly what the admin saw, and the result can be exported.
 * - an index for the assignments page (every manager's nmIds of an account and month).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proxy_route_observations')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path_pattern', 'text', (c) => c.notNull())
    .addColumn('sample_shape', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('hits', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('proxy_route_observations_pkey', ['host', 'method', 'path_pattern'])
    .execute();
  await db.schema
    .createIndex('proxy_route_observations_last_seen_idx')
    .on('proxy_route_observations')
    .column('last_seen_at')
    .execute();

  await db.schema
    .createTable('assignment_imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day FROM month) = 1`))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode IN ('add', 'replace')`))
    .addColumn('file_name', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('previewed')
        .check(sql`status IN ('previewed', 'applied', 'failed')`),
    )
    .addColumn('rows', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('result', 'jsonb')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('applied_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('assignment_imports_account_month_idx')
    .on('assignment_imports')
    .columns(['account_id', 'month', 'created_at'])
    .execute();

  await db.schema
    .createIndex('assignments_account_month_user_idx')
    .on('assignments')
    .columns(['account_id', 'month', 'user_id', 'nm_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('assignments_account_month_user_idx').execute();
  await db.schema.dropTable('assignment_imports').execute();
  await db.schema.dropTable('proxy_route_observations').execute();
}
