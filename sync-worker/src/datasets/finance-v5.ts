import { sql, type Executor } from '@joycity/db';

/**
 * Rows of the legacy v5 reportDetailByPeriod (snake_case, money as JSON numbers) into `wb_report_rows`, raw
 * as received. Only the optional fallback uses it. Numbers are read from JSONB's exact numeric, never a float.
 */
export async function upsertV5ReportRows(
  db: Executor,
  accountId: number,
  period: 'weekly' | 'daily',
  rowsJson: string,
): Promise<number> {
  const money = (field: string) => sql`(e->${field})::numeric`;
  const { rows } = await sql<{ n: string }>`
    WITH ins AS (
      INSERT INTO wb_report_rows AS t (account_id, rrd_id, report_id, period, nm_id, doc_type_name,
        supplier_oper_name, date_from, date_to, rr_date, sale_dt, order_dt, quantity, retail_amount, for_pay,
        delivery_service, paid_storage, penalty, deduction, paid_acceptance, additional_payment,
        rebill_logistic_cost, raw)
      SELECT ${accountId}, (e->>'rrd_id')::bigint, (e->>'realizationreport_id')::numeric(20, 0), ${period},
        nullif((e->>'nm_id')::bigint, 0), e->>'doc_type_name', e->>'supplier_oper_name',
        (left(e->>'date_from', 10))::date, (left(e->>'date_to', 10))::date, (left(nullif(e->>'rr_dt', ''), 10))::date,
        wb_instant(e->>'sale_dt'), wb_instant(e->>'order_dt'), (e->>'quantity')::integer,
        ${money('retail_amount')}, ${money('ppvz_for_pay')}, ${money('delivery_rub')}, ${money('storage_fee')},
        ${money('penalty')}, ${money('deduction')}, ${money('acceptance')}, ${money('additional_payment')},
        ${money('rebill_logistic_cost')}, e
      FROM jsonb_array_elements(${rowsJson}::jsonb) AS e
      ON CONFLICT (account_id, rrd_id) DO NOTHING
      RETURNING 1
    )
    SELECT count(*) AS n FROM ins`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
