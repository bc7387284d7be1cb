import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the per-manager finance figures (the proxy's balance and weekly report totals): rows of one
 * article, period type and date range read from the index alone (the money columns are included), and the
 * latest report of a type found without scanning.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX wb_report_rows_manager_idx ON wb_report_rows (account_id, nm_id, period, rr_date)
    INCLUDE (report_id, doc_type_name, supplier_oper_name, retail_amount, for_pay, delivery_service,
      paid_storage, penalty, deduction, paid_acceptance, additional_payment, rebill_logistic_cost)
    WHERE nm_id > 0`.execute(db);
  await sql`CREATE INDEX wb_report_rows_period_idx ON wb_report_rows (account_id, period, date_to, report_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS wb_report_rows_period_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS wb_report_rows_manager_idx`.execute(db);
}
