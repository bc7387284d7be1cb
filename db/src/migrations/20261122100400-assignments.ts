import { sql, type Kysely } from 'kysely';

/**
 * Monthly article assignments: which manager works on which nmId of which account in which Moscow month.
 * `month` is the first day of that month. An nmId belongs to at most one manager per account and month; a
 * manager may hold articles of several accounts but sees those of their current account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assignments')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day FROM month) = 1`))
    .addColumn('nm_id', 'bigint', (c) => c.notNull().check(sql`nm_id > 0`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('assignments_account_month_nm_key', ['account_id', 'month', 'nm_id'])
    .execute();
  await db.schema
    .createIndex('assignments_user_month_idx')
    .on('assignments')
    .columns(['user_id', 'account_id', 'month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assignments').execute();
}
