import { sql, type Kysely } from 'kysely';

/**
 * Operational data: database backups started from the UI, the stock kept in the office (the source for
 * office→warehouse shipment plans), and settings such as KPI weights (one JSON value per key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('requested_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status IN ('pending', 'running', 'succeeded', 'failed')`),
    )
    .addColumn('storage', 'text', (c) => c.notNull().check(sql`storage IN ('s3', 'local')`))
    .addColumn('object_key', 'text')
    .addColumn('size_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('backups_created_at_idx').on('backups').column('created_at').execute();

  await db.schema
    .createTable('office_stock')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('nm_id', 'bigint', (c) => c.notNull().check(sql`nm_id > 0`))
    .addColumn('chrt_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('tech_size', 'text')
    .addColumn('barcode', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('office_stock_account_nm_chrt_key', ['account_id', 'nm_id', 'chrt_id'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey().check(sql`key ~ '^[a-z][a-z0-9_.]*$'`))
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db
    .insertInto('settings')
    .values({
      key: 'kpi.weights',
      value: JSON.stringify({ revenue: 0.4, orders: 0.2, buyoutRate: 0.2, margin: 0.2 }),
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('settings').execute();
  await db.schema.dropTable('office_stock').execute();
  await db.schema.dropTable('backups').execute();
}
