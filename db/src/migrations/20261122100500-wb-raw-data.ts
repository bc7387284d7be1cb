import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * Raw WB data, one table per dataset. `raw` is the row exactly as WB sent it (JSONB); the other columns are
 * keys extracted from it for dedupe and indexing, never a transformation of the data. Natural keys dedupe:
 * srid (orders), saleID (sales), rrdId (finance rows), snapshot + nmId + chrtId + warehouse (stocks), nmID
 * (cards). WB's offset-less times are Moscow time and are stored as the instants they denote.
 *
 * Finance rows also keep the money fields the per-manager balance sums, as exact `numeric`, so the balance
 * never has to parse JSON. Report ids can exceed 2^53, hence `numeric(20,0)`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const accountId = (c: ColumnDefinitionBuilder) => c.notNull().references('accounts.id').onDelete('cascade');
  const now = sql`now()`;

  await db.schema
    .createTable('wb_orders')
    .addColumn('account_id', 'integer', accountId)
    .addColumn('srid', 'text', (c) => c.notNull())
    .addColumn('nm_id', 'bigint', (c) => c.notNull())
    .addColumn('order_date', 'timestamptz', (c) => c.notNull())
    .addColumn('last_change_date', 'timestamptz', (c) => c.notNull())
    .addColumn('is_cancel', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addColumn('first_synced_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('synced_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('wb_orders_pkey', ['account_id', 'srid'])
    .execute();
  await db.schema
    .createIndex('wb_orders_nm_date_idx')
    .on('wb_orders')
    .columns(['account_id', 'nm_id', 'order_date'])
    .execute();
  await db.schema
    .createIndex('wb_orders_date_idx')
    .on('wb_orders')
    .columns(['account_id', 'order_date'])
    .execute();

  await db.schema
    .createTable('wb_sales')
    .addColumn('account_id', 'integer', accountId)
    .addColumn('sale_id', 'text', (c) => c.notNull())
    .addColumn('srid', 'text', (c) => c.notNull())
    .addColumn('nm_id', 'bigint', (c) => c.notNull())
    .addColumn('sale_date', 'timestamptz', (c) => c.notNull())
    .addColumn('last_change_date', 'timestamptz', (c) => c.notNull())
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addColumn('first_synced_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('synced_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('wb_sales_pkey', ['account_id', 'sale_id'])
    .execute();
  await db.schema
    .createIndex('wb_sales_nm_date_idx')
    .on('wb_sales')
    .columns(['account_id', 'nm_id', 'sale_date'])
    .execute();
  await db.schema.createIndex('wb_sales_srid_idx').on('wb_sales').columns(['account_id', 'srid']).execute();

  await db.schema
    .createTable('wb_report_rows')
    .addColumn('account_id', 'integer', accountId)
    .addColumn('rrd_id', 'bigint', (c) => c.notNull())
    .addColumn('report_id', sql`numeric(20, 0)`, (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period IN ('weekly', 'daily')`))
    .addColumn('nm_id', 'bigint')
    .addColumn('doc_type_name', 'text')
    .addColumn('supplier_oper_name', 'text')
    .addColumn('date_from', 'date', (c) => c.notNull())
    .addColumn('date_to', 'date', (c) => c.notNull())
    .addColumn('rr_date', 'date')
    .addColumn('sale_dt', 'timestamptz')
    .addColumn('order_dt', 'timestamptz')
    .addColumn('quantity', 'integer')
    .addColumn('retail_amount', 'numeric')
    .addColumn('for_pay', 'numeric')
    .addColumn('delivery_service', 'numeric')
    .addColumn('paid_storage', 'numeric')
    .addColumn('penalty', 'numeric')
    .addColumn('deduction', 'numeric')
    .addColumn('paid_acceptance', 'numeric')
    .addColumn('additional_payment', 'numeric')
    .addColumn('rebill_logistic_cost', 'numeric')
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addColumn('synced_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('wb_report_rows_pkey', ['account_id', 'rrd_id'])
    .execute();
  await db.schema
    .createIndex('wb_report_rows_nm_date_idx')
    .on('wb_report_rows')
    .columns(['account_id', 'nm_id', 'rr_date'])
    .execute();
  await db.schema
    .createIndex('wb_report_rows_report_idx')
    .on('wb_report_rows')
    .columns(['account_id', 'report_id'])
    .execute();

  await db.schema
    .createTable('wb_stocks')
    .addColumn('account_id', 'integer', accountId)
    .addColumn('snapshot_at', 'timestamptz', (c) => c.notNull())
    .addColumn('nm_id', 'bigint', (c) => c.notNull())
    .addColumn('chrt_id', 'bigint', (c) => c.notNull())
    .addColumn('warehouse_id', 'bigint', (c) => c.notNull())
    .addColumn('warehouse_name', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('wb_stocks_pkey', [
      'account_id',
      'snapshot_at',
      'nm_id',
      'chrt_id',
      'warehouse_id',
    ])
    .execute();
  await db.schema
    .createIndex('wb_stocks_nm_idx')
    .on('wb_stocks')
    .columns(['account_id', 'nm_id', 'snapshot_at'])
    .execute();

  await db.schema
    .createTable('wb_cards')
    .addColumn('account_id', 'integer', accountId)
    .addColumn('nm_id', 'bigint', (c) => c.notNull())
    .addColumn('imt_id', 'bigint')
    .addColumn('vendor_code', 'text')
    .addColumn('title', 'text')
    .addColumn('brand', 'text')
    .addColumn('subject_name', 'text')
    .addColumn('photo_url', 'text')
    .addColumn('card_updated_at', 'timestamptz')
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addColumn('synced_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('wb_cards_pkey', ['account_id', 'nm_id'])
    .execute();
  await db.schema
    .createIndex('wb_cards_vendor_code_idx')
    .on('wb_cards')
    .columns(['account_id', 'vendor_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['wb_cards', 'wb_stocks', 'wb_report_rows', 'wb_sales', 'wb_orders']) {
    await db.schema.dropTable(table).execute();
  }
}
