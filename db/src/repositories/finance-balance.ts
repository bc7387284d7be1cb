import { sql } from 'kysely';
import type { Executor } from '../client.ts';

/**
 * A manager's money in the realization reports, from the synced finance rows (wb_report_rows) of the articles
 * assigned to them, each row judged by the assignment of its month (the Moscow month of `rr_date`). Sums are
 * done in SQL numeric and returned as decimal strings: exact to the kopeck, never floats.
 *
 * WB's arithmetic (the portal's `bankPaymentSum`, the finance API's list totals):
 *   to pay = Σ forPay (returns negative) − Σ delivery − Σ storage − Σ acceptance − Σ deductions − Σ penalties
 *            + Σ additional payments − Σ rebilled logistics
 * and the sales amount is Σ retailAmount with returns negative. Rows without an article (nm_id null or 0:
 * storage, penalties, deductions charged to the whole cabinet) belong to no manager and are counted for none.
 */
export interface ManagerReportFigures {
  retailAmount: string;
  forPay: string;
  deliveryService: string;
  paidStorage: string;
  penalty: string;
  deduction: string;
  paidAcceptance: string;
  additionalPayment: string;
  rebillLogisticCost: string;
  bankPayment: string;
  sales: number;
  returns: number;
  rows: number;
}

// Sums over wb_report_rollup rows `r` (returns are already negative there; see migration 20261122150100).
const SUMS = sql`
  coalesce(sum(r.retail_amount), 0)::text AS retail_amount,
  coalesce(sum(r.for_pay), 0)::text AS for_pay,
  coalesce(sum(r.delivery_service), 0)::text AS delivery_service,
  coalesce(sum(r.paid_storage), 0)::text AS paid_storage,
  coalesce(sum(r.penalty), 0)::text AS penalty,
  coalesce(sum(r.deduction), 0)::text AS deduction,
  coalesce(sum(r.paid_acceptance), 0)::text AS paid_acceptance,
  coalesce(sum(r.additional_payment), 0)::text AS additional_payment,
  coalesce(sum(r.rebill_logistic_cost), 0)::text AS rebill_logistic_cost,
  coalesce(sum(r.for_pay - r.delivery_service - r.paid_storage - r.paid_acceptance - r.deduction - r.penalty
    + r.additional_payment - r.rebill_logistic_cost), 0)::text AS bank_payment,
  coalesce(sum(r.sales), 0)::int AS sales,
  coalesce(sum(r.returns), 0)::int AS returns,
  coalesce(sum(r.rows), 0)::int AS rows`;

interface SumsRow {
  retail_amount: string;
  for_pay: string;
  delivery_service: string;
  paid_storage: string;
  penalty: string;
  deduction: string;
  paid_acceptance: string;
  additional_payment: string;
  rebill_logistic_cost: string;
  bank_payment: string;
  sales: number;
  returns: number;
  rows: number;
}

function figures(r: SumsRow): ManagerReportFigures {
  return {
    retailAmount: r.retail_amount,
    forPay: r.for_pay,
    deliveryService: r.delivery_service,
    paidStorage: r.paid_storage,
    penalty: r.penalty,
    deduction: r.deduction,
    paidAcceptance: r.paid_acceptance,
    additionalPayment: r.additional_payment,
    rebillLogisticCost: r.rebill_logistic_cost,
    bankPayment: r.bank_payment,
    sales: Number(r.sales),
    returns: Number(r.returns),
    rows: Number(r.rows),
  };
}

export const EMPTY_FIGURES: ManagerReportFigures = figures({
  retail_amount: '0',
  for_pay: '0',
  delivery_service: '0',
  paid_storage: '0',
  penalty: '0',
  deduction: '0',
  paid_acceptance: '0',
  additional_payment: '0',
  rebill_logistic_cost: '0',
  bank_payment: '0',
  sales: 0,
  returns: 0,
  rows: 0,
});

/**
 * The manager's figures of each report (by report id, decimal strings). Reports we have not synced, or where
 * the manager has no rows, get {@link EMPTY_FIGURES}. Reads the rollup: one row per (report, article, month).
 */
export async function reportFiguresForUser(
  db: Executor,
  input: { accountId: number; userId: string; reportIds: readonly string[] },
): Promise<Map<string, ManagerReportFigures>> {
  const out = new Map<string, ManagerReportFigures>();
  const ids = [...new Set(input.reportIds)].filter((id) => /^\d{1,20}$/.test(id));
  for (const id of ids) out.set(id, EMPTY_FIGURES);
  if (ids.length === 0) return out;
  // Driven from the manager's (article, month) pairs of each report's months, each pair a point lookup in the
  // rollup's key (a MATERIALIZED CTE and LATERAL … OFFSET 0 are not flattened: that order holds even before the
  // tables have statistics).
  const { rows } = await sql<SumsRow & { report_id: string }>`
    WITH rep AS MATERIALIZED (
      SELECT account_id, report_id, period, date_from, date_to FROM wb_report_periods
      WHERE account_id = ${input.accountId} AND report_id = ANY(${ids}::numeric[])
    )
    SELECT rep.report_id::text AS report_id, ${SUMS}
    FROM rep
    CROSS JOIN LATERAL (
      SELECT nm_id, month FROM assignments
      WHERE account_id = rep.account_id AND user_id = ${input.userId}
        AND month >= date_trunc('month', rep.date_from)::date AND month <= rep.date_to
      OFFSET 0
    ) a
    CROSS JOIN LATERAL (
      SELECT * FROM wb_report_rollup x
      WHERE x.account_id = rep.account_id AND x.report_id = rep.report_id AND x.period = rep.period
        AND x.date_from = rep.date_from AND x.date_to = rep.date_to AND x.nm_id = a.nm_id AND x.month = a.month
      OFFSET 0
    ) r
    GROUP BY rep.report_id`.execute(db);
  for (const r of rows) out.set(r.report_id, figures(r));
  return out;
}

export interface ManagerBalance {
  /** To pay for the daily reports since the last weekly one (WB's `current`). */
  current: string;
  /** The last weekly report's amount to pay, never negative (WB's `for_withdraw`). */
  forWithdraw: string;
  since: string;
  today: string;
  dailyReports: number;
  currentPeriod: ManagerReportFigures;
  lastReport: { id: string; dateFrom: string; dateTo: string; bankPayment: string } | null;
}

/** The balance widget for one manager, by WB's rules (emulator `balanceOf`), from the manager's rows only. */
export async function balanceForUser(
  db: Executor,
  input: { accountId: number; userId: string; today: string },
): Promise<ManagerBalance> {
  const { rows: meta } = await sql<{
    report_id: string | null;
    date_from: string | null;
    date_to: string | null;
    since: string;
  }>`
    WITH last AS (
      SELECT report_id, date_from, date_to FROM wb_report_periods
      WHERE account_id = ${input.accountId} AND period = 'weekly'
      ORDER BY date_to DESC, report_id DESC LIMIT 1
    ), first_daily AS (
      SELECT min(date_from) AS d FROM wb_report_periods WHERE account_id = ${input.accountId} AND period = 'daily'
    )
    SELECT last.report_id::text, to_char(last.date_from, 'YYYY-MM-DD') AS date_from,
      to_char(last.date_to, 'YYYY-MM-DD') AS date_to,
      to_char(coalesce(last.date_to + 1, first_daily.d, ${input.today}::date), 'YYYY-MM-DD') AS since
    FROM first_daily LEFT JOIN last ON true`.execute(db);
  const m = meta[0]!;
  const since = m.since;
  const lastReport =
    m.report_id !== null
      ? { report_id: m.report_id, date_from: m.date_from!, date_to: m.date_to! }
      : undefined;
  // The manager's (article, month) pairs of the months the period touches, against the daily reports in it.
  const daily = await sql<SumsRow>`
    SELECT ${SUMS}
    FROM assignments a
    CROSS JOIN LATERAL (
      SELECT * FROM wb_report_rollup x
      WHERE x.account_id = a.account_id AND x.nm_id = a.nm_id AND x.month = a.month AND x.period = 'daily'
        AND x.date_to <= ${input.today}::date AND x.date_from >= ${since}::date
      OFFSET 0
    ) r
    WHERE a.account_id = ${input.accountId} AND a.user_id = ${input.userId}
      AND a.month >= date_trunc('month', ${since}::date)::date AND a.month <= ${input.today}::date`.execute(
    db,
  );
  const reportsCount = await sql<{ n: number }>`
    SELECT count(DISTINCT report_id)::int AS n FROM wb_report_periods
    WHERE account_id = ${input.accountId} AND period = 'daily' AND date_to >= ${since}::date
      AND date_to <= ${input.today}::date AND date_from >= ${since}::date`.execute(db);
  const currentPeriod = figures(daily.rows[0]!);
  let lastFigures: ManagerReportFigures | undefined;
  if (lastReport) {
    lastFigures = (await reportFiguresForUser(db, { ...input, reportIds: [lastReport.report_id] })).get(
      lastReport.report_id,
    );
  }
  const lastPay = lastFigures?.bankPayment ?? '0';
  return {
    current: currentPeriod.bankPayment,
    forWithdraw: lastPay.startsWith('-') ? '0' : lastPay,
    since,
    today: input.today,
    dailyReports: Number(reportsCount.rows[0]?.n ?? 0),
    currentPeriod,
    lastReport: lastReport
      ? {
          id: lastReport.report_id,
          dateFrom: lastReport.date_from,
          dateTo: lastReport.date_to,
          bankPayment: lastPay,
        }
      : null,
  };
}
