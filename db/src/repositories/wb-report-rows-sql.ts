import { sql, type RawBuilder } from 'kysely';

/**
 * The one mapping of a finance-api detailed report row (JSONB `e`) onto `wb_report_rows`' typed columns,
 * shared by the direct upsert and the staged ingest so both store the same values: money strings go
 * straight to `numeric` (no float), report ids > 2^53 keep every digit (`numeric(20,0)`), WB's times go
 * through `wb_instant` (inlined by the planner, see migration 20261122120100).
 */
export const REPORT_ROW_COLUMNS = sql.raw(`account_id, rrd_id, report_id, period, nm_id, doc_type_name,
  supplier_oper_name, date_from, date_to, rr_date, sale_dt, order_dt, quantity, retail_amount, for_pay,
  delivery_service, paid_storage, penalty, deduction, paid_acceptance, additional_payment,
  rebill_logistic_cost, raw`);

const money = (field: string) => sql`nullif(e->>${sql.lit(field)}, '')::numeric`;

/** The SELECT list producing {@link REPORT_ROW_COLUMNS} from a row `e`. */
export function reportRowValues(accountId: number, period: 'weekly' | 'daily'): RawBuilder<unknown> {
  return sql`${accountId}::integer, (e->>'rrdId')::bigint, (e->>'reportId')::numeric(20, 0),
    ${period}::text, nullif((e->>'nmId')::bigint, 0), e->>'docTypeName', e->>'sellerOperName',
    (e->>'dateFrom')::date, (e->>'dateTo')::date, (nullif(e->>'rrDate', ''))::date, wb_instant(e->>'saleDt'),
    wb_instant(e->>'orderDt'), (e->>'quantity')::integer, ${money('retailAmount')}, ${money('forPay')},
    ${money('deliveryService')}, ${money('paidStorage')}, ${money('penalty')}, ${money('deduction')},
    ${money('paidAcceptance')}, ${money('additionalPayment')}, ${money('rebillLogisticCost')}, e`;
}

/** `ON CONFLICT` of a report row: the row seen again replaces the stored one. */
export const REPORT_ROW_ON_CONFLICT = sql`ON CONFLICT (account_id, rrd_id) DO UPDATE SET
  report_id = excluded.report_id, period = excluded.period, nm_id = excluded.nm_id,
  doc_type_name = excluded.doc_type_name, supplier_oper_name = excluded.supplier_oper_name,
  date_from = excluded.date_from, date_to = excluded.date_to, rr_date = excluded.rr_date,
  sale_dt = excluded.sale_dt, order_dt = excluded.order_dt, quantity = excluded.quantity,
  retail_amount = excluded.retail_amount, for_pay = excluded.for_pay,
  delivery_service = excluded.delivery_service, paid_storage = excluded.paid_storage,
  penalty = excluded.penalty, deduction = excluded.deduction, paid_acceptance = excluded.paid_acceptance,
  additional_payment = excluded.additional_payment, rebill_logistic_cost = excluded.rebill_logistic_cost,
  raw = excluded.raw, synced_at = now()`;
