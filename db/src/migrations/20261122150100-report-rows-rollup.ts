import { sql, type Kysely } from 'kysely';

/**
 * Rollups of the synced finance rows, maintained by the database itself, so a manager's balance reads a few
 * hundred pre-summed rows instead of millions of raw ones.
 *
 * - `wb_report_rollup`: one row per (account, report, period, report dates, article, Moscow month of the row's
 *   `rr_date`) with exact `numeric` sums, returns already negative (sign of `doc_type_name` applied per row), and
 *   row/sale/return counts. Cabinet-wide rows (nm_id null or 0) are kept under nm_id 0, which no manager holds.
 * - `wb_report_periods`: one row per report (its period and dates, rows count): the latest weekly report and the
 *   daily reports since it without scanning.
 *
 * Statement-level AFTER INSERT / UPDATE / DELETE triggers with transition tables add the delta of each statement
 * (new rows minus old rows, grouped), so the rollups stay exact under multi-row upserts (`ON CONFLICT DO UPDATE`
 * fires the INSERT trigger for the inserted rows and the UPDATE trigger for the updated ones), re-syncs that
 * change money, and deletes; groups whose count falls to 0 are removed; groups whose delta is zero (a re-sync of
 * the same figures) are not written at all. The covering indexes of 20261122150000 are dropped: the rollup replaces
 * them and they slowed ingestion.
 */
const KEY = 'account_id, report_id, period, date_from, date_to, nm_id, month';

function deltaSelect(source: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  return `
    SELECT account_id, report_id, period, date_from, date_to, coalesce(nm_id, 0) AS nm_id,
      date_trunc('month', coalesce(rr_date, date_from))::date AS month,
      ${s}1 AS rows,
      ${s}(CASE WHEN doc_type_name = 'Продажа' AND supplier_oper_name = 'Продажа' THEN 1 ELSE 0 END) AS sales,
      ${s}(CASE WHEN doc_type_name = 'Возврат' AND supplier_oper_name = 'Возврат' THEN 1 ELSE 0 END) AS returns,
      ${s}(CASE WHEN doc_type_name = 'Возврат' THEN -coalesce(retail_amount, 0) ELSE coalesce(retail_amount, 0) END) AS retail_amount,
      ${s}(CASE WHEN doc_type_name = 'Возврат' THEN -coalesce(for_pay, 0) ELSE coalesce(for_pay, 0) END) AS for_pay,
      ${s}coalesce(delivery_service, 0) AS delivery_service, ${s}coalesce(paid_storage, 0) AS paid_storage,
      ${s}coalesce(penalty, 0) AS penalty, ${s}coalesce(deduction, 0) AS deduction,
      ${s}coalesce(paid_acceptance, 0) AS paid_acceptance, ${s}coalesce(additional_payment, 0) AS additional_payment,
      ${s}coalesce(rebill_logistic_cost, 0) AS rebill_logistic_cost
    FROM ${source}`;
}

const MONEY = [
  'retail_amount',
  'for_pay',
  'delivery_service',
  'paid_storage',
  'penalty',
  'deduction',
  'paid_acceptance',
  'additional_payment',
  'rebill_logistic_cost',
];
const COUNTS = ['rows', 'sales', 'returns'];

/**
 * Adds the grouped delta of `source` (a UNION ALL of signed rows) to both rollups. When rows may leave a group
 * (updates, deletes), the upserts return the new counts and groups left empty are removed; that cleanup runs only
 * when some count reached 0 (a re-sync that changes money but not membership skips it).
 */
function applyDelta(source: string, mayShrink: boolean): string {
  const cols = [...COUNTS, ...MONEY];
  const sums = cols.map((c) => `sum(${c}) AS ${c}`).join(', ');
  const nonZero = cols.map((c) => `sum(${c}) <> 0`).join(' OR ');
  const set = cols.map((c) => `${c} = wb_report_rollup.${c} + excluded.${c}`).join(', ');
  const returning = mayShrink ? ' RETURNING rows' : '';
  const statement = `
    WITH d AS (
      SELECT ${KEY}, ${sums} FROM (${source}) s
      GROUP BY ${KEY} HAVING ${nonZero}
    ), per AS (
      INSERT INTO wb_report_periods AS p (account_id, report_id, period, date_from, date_to, rows)
      SELECT account_id, report_id, period, date_from, date_to, sum(rows) FROM d
      GROUP BY account_id, report_id, period, date_from, date_to
      HAVING sum(rows) <> 0
      ORDER BY account_id, report_id, period, date_from, date_to
      ON CONFLICT (account_id, report_id, period, date_from, date_to) DO UPDATE SET rows = p.rows + excluded.rows${returning}
    )${mayShrink ? ', up AS (' : ''}
    INSERT INTO wb_report_rollup (${KEY}, ${cols.join(', ')})
    SELECT ${KEY}, ${cols.join(', ')} FROM d ORDER BY ${KEY}
    ON CONFLICT (${KEY}) DO UPDATE SET ${set}${returning}`;
  if (!mayShrink) return `${statement};`;
  return `${statement})
    SELECT (SELECT count(*) FROM up WHERE rows = 0) + (SELECT count(*) FROM per WHERE rows = 0) INTO emptied;
    IF emptied > 0 THEN
      DELETE FROM wb_report_rollup r USING (SELECT DISTINCT account_id, report_id FROM old_rows) o
        WHERE r.account_id = o.account_id AND r.report_id = o.report_id AND r.rows = 0;
      DELETE FROM wb_report_periods p USING (SELECT DISTINCT account_id, report_id FROM old_rows) o
        WHERE p.account_id = o.account_id AND p.report_id = o.report_id AND p.rows = 0;
    END IF;`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS wb_report_rows_manager_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS wb_report_rows_period_idx`.execute(db);
  const money = MONEY.map((c) => `${c} numeric NOT NULL DEFAULT 0`).join(', ');
  await sql
    .raw(
      `CREATE TABLE wb_report_rollup (
        account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        report_id numeric(20, 0) NOT NULL,
        period text NOT NULL,
        date_from date NOT NULL,
        date_to date NOT NULL,
        nm_id bigint NOT NULL,
        month date NOT NULL,
        rows bigint NOT NULL DEFAULT 0,
        sales bigint NOT NULL DEFAULT 0,
        returns bigint NOT NULL DEFAULT 0,
        ${money},
        PRIMARY KEY (${KEY})
      )`,
    )
    .execute(db);
  await sql`CREATE INDEX wb_report_rollup_manager_idx ON wb_report_rollup (account_id, nm_id, month, period, date_to)`.execute(
    db,
  );
  await sql`
    CREATE TABLE wb_report_periods (
      account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      report_id numeric(20, 0) NOT NULL,
      period text NOT NULL,
      date_from date NOT NULL,
      date_to date NOT NULL,
      rows bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (account_id, report_id, period, date_from, date_to)
    )`.execute(db);
  await sql`CREATE INDEX wb_report_periods_latest_idx ON wb_report_periods (account_id, period, date_to, report_id)`.execute(
    db,
  );
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON wb_report_rollup, wb_report_periods TO joycity_app`.execute(
    db,
  );

  const inserted = applyDelta(deltaSelect('new_rows', 1), false);
  const updated = applyDelta(`${deltaSelect('new_rows', 1)} UNION ALL ${deltaSelect('old_rows', -1)}`, true);
  const deleted = applyDelta(deltaSelect('old_rows', -1), true);
  await sql
    .raw(
      `CREATE FUNCTION wb_report_rows_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE emptied bigint;
      BEGIN
        IF TG_OP = 'INSERT' THEN ${inserted}
        ELSIF TG_OP = 'UPDATE' THEN ${updated}
        ELSE ${deleted}
        END IF;
        RETURN NULL;
      END $fn$`,
    )
    .execute(db);
  await sql`
    CREATE TRIGGER wb_report_rows_rollup_ins AFTER INSERT ON wb_report_rows
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION wb_report_rows_rollup()`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER wb_report_rows_rollup_upd AFTER UPDATE ON wb_report_rows
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION wb_report_rows_rollup()`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER wb_report_rows_rollup_del AFTER DELETE ON wb_report_rows
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION wb_report_rows_rollup()`.execute(
    db,
  );

  // TRUNCATE fires no row or DELETE trigger: empty the rollups with it.
  await sql`
    CREATE FUNCTION wb_report_rows_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      TRUNCATE wb_report_rollup, wb_report_periods;
      RETURN NULL;
    END $fn$`.execute(db);
  await sql`
    CREATE TRIGGER wb_report_rows_rollup_trunc AFTER TRUNCATE ON wb_report_rows
    FOR EACH STATEMENT EXECUTE FUNCTION wb_report_rows_rollup_truncate()`.execute(db);

  // Rows synced before this migration.
  await sql
    .raw(
      `WITH new_rows AS (SELECT * FROM wb_report_rows) ${applyDelta(deltaSelect('new_rows', 1), false).replace(/^\s*WITH /, ', ')}`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS wb_report_rows_rollup_trunc ON wb_report_rows`.execute(db);
  await sql`DROP FUNCTION IF EXISTS wb_report_rows_rollup_truncate()`.execute(db);
  await sql`DROP TRIGGER IF EXISTS wb_report_rows_rollup_del ON wb_report_rows`.execute(db);
  await sql`DROP TRIGGER IF EXISTS wb_report_rows_rollup_upd ON wb_report_rows`.execute(db);
  await sql`DROP TRIGGER IF EXISTS wb_report_rows_rollup_ins ON wb_report_rows`.execute(db);
  await sql`DROP FUNCTION IF EXISTS wb_report_rows_rollup()`.execute(db);
  await sql`DROP TABLE IF EXISTS wb_report_periods`.execute(db);
  await sql`DROP TABLE IF EXISTS wb_report_rollup`.execute(db);
  await sql`
    CREATE INDEX wb_report_rows_manager_idx ON wb_report_rows (account_id, nm_id, period, rr_date)
    INCLUDE (report_id, doc_type_name, supplier_oper_name, retail_amount, for_pay, delivery_service,
      paid_storage, penalty, deduction, paid_acceptance, additional_payment, rebill_logistic_cost)
    WHERE nm_id > 0`.execute(db);
  await sql`CREATE INDEX wb_report_rows_period_idx ON wb_report_rows (account_id, period, date_to, report_id)`.execute(
    db,
  );
}
