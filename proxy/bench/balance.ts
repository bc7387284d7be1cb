// The per-manager balance over N synced finance rows, and what the rollup trigger costs on ingest:
// `npm run bench:balance -w @joycity/proxy`. Prints a table and writes bench/results/balance.json.
// BENCH_FINANCE_ROWS sets the table size (default 10,000,000; generated with generate_series, in chunks of 500k
// rows through the trigger, in a database of its own).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addAssignments, balanceForUser, createDb, createUser, reportFiguresForUser } from '@joycity/db';
import { createTestDatabase } from '@joycity/db/testing';
import { sql } from 'kysely';

const here = path.dirname(fileURLToPath(import.meta.url));
const results: Array<{ metric: string; value: number; unit: string; target: string }> = [];
const record = (metric: string, value: number, unit: string, target: string) => {
  results.push({ metric, value: Math.round(value * 100) / 100, unit, target });
  console.log(`${metric}: ${Math.round(value * 100) / 100} ${unit}`);
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]!;

const N = Number(process.env.BENCH_FINANCE_ROWS ?? 10_000_000);
const CHUNK = 500_000;
const TODAY = '2026-11-20';
const NM = (i: number) => 204_000_000 + i * 131;

const tdb = await createTestDatabase();
// Generation, VACUUM ANALYZE, DISABLE TRIGGER; no statement timeout for the big statements.
const owner = createDb({ connectionString: tdb.url, role: 'owner', max: 2, statementTimeoutMs: 0 });
try {
  const db = tdb.connect(); // the services' role: reads (and the grants they need)
  const accounts: number[] = [];
  for (const inn of ['7700000001', '7700000002'])
    accounts.push(
      (
        await owner
          .insertInto('accounts')
          .values({ name: `Bench ${inn}`, inn })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  // 2 accounts × 730 days (24 Moscow months to 2026-11-20) × 2,000 articles, every (account, day) with rows of
  // every article (~1.7 each at 10M rows, alternately in the day's daily report and, for weeks before the current
  // one, in the week's weekly report); ~4% rows without an article (null or 0).
  const t0 = performance.now();
  for (let from = 1; from <= N; from += CHUNK) {
    const to = Math.min(N, from + CHUNK - 1);
    await sql`
      INSERT INTO wb_report_rows (account_id, rrd_id, report_id, period, nm_id, doc_type_name, supplier_oper_name,
        date_from, date_to, rr_date, quantity, retail_amount, for_pay, delivery_service, paid_storage, penalty,
        deduction, paid_acceptance, additional_payment, rebill_logistic_cost, raw)
      SELECT (${accounts}::int[])[1 + a], g,
        CASE WHEN weekly THEN 300000000 + a * 1000 + (wk - date '2024-01-01') / 7 ELSE 9000000000000000000 + a * 100000 + (d - date '2024-01-01') END,
        CASE WHEN weekly THEN 'weekly' ELSE 'daily' END,
        CASE WHEN g % 50 = 0 THEN NULL WHEN g % 47 = 0 THEN 0 ELSE ${NM(0)}::bigint + ((g / 2920) % 2000) * 131 END,
        CASE WHEN g % 11 = 0 THEN 'Возврат' ELSE 'Продажа' END, CASE WHEN g % 11 = 0 THEN 'Возврат' ELSE 'Продажа' END,
        CASE WHEN weekly THEN wk ELSE d END, CASE WHEN weekly THEN wk + 6 ELSE d END, d, 1,
        ((g % 500000) / 100.0)::numeric(12, 2), ((g % 400000) / 100.0)::numeric(12, 2), (g % 30000) * 0.01, (g % 5000) * 0.01, (g % 700) * 0.01,
        (g % 3) * 0.01, (g % 300) * 0.01, (g % 1300) * 0.01, (g % 2) * 0.01, '{}'::jsonb
      FROM generate_series(${from}::bigint, ${to}::bigint) g,
        LATERAL (SELECT (g % 2)::int AS a, ${TODAY}::date - ((g / 2) % 730)::int AS d) x,
        LATERAL (SELECT d - (extract(isodow FROM d)::int - 1) AS wk) w,
        LATERAL (SELECT (g / 1460) % 2 = 0 AND wk < date_trunc('week', ${TODAY}::date)::date AS weekly) p`.execute(
      owner,
    );
    console.log(`  ${to.toLocaleString('en')} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const genS = (performance.now() - t0) / 1000;
  record(
    `generate ${N.toLocaleString('en')} rows through the rollup trigger (500k-row statements)`,
    genS,
    's',
    '—',
  );
  record('  = bulk insert rate with the trigger', N / genS, 'rows/s', '—');
  await sql`VACUUM ANALYZE wb_report_rows`.execute(owner);
  await sql`VACUUM ANALYZE wb_report_rollup`.execute(owner);
  await sql`VACUUM ANALYZE wb_report_periods`.execute(owner);
  const sizes = (
    await sql<{ raw: string; rollup: string; rollup_rows: string }>`
      SELECT pg_size_pretty(pg_total_relation_size('wb_report_rows')) AS raw,
        pg_size_pretty(pg_total_relation_size('wb_report_rollup')) AS rollup,
        (SELECT count(*) FROM wb_report_rollup)::text AS rollup_rows`.execute(db)
  ).rows[0]!;
  console.log(`sizes: raw ${sizes.raw}, rollup ${sizes.rollup} (${sizes.rollup_rows} rows)`);
  record('rollup rows', Number(sizes.rollup_rows), 'rows', '—');

  // Managers of 100 and 400 articles, assigned in all 24 months.
  const months: string[] = [];
  for (let m = 0; m < 24; m++) {
    const d = new Date(Date.UTC(2024, 11 + m, 1));
    months.push(d.toISOString().slice(0, 10));
  }
  for (const size of [100, 400]) {
    const user = (
      await createUser(db, { email: `bench${size}@example.com`, name: `Bench ${size}`, password_hash: 'x' })
    ).id;
    const nms = Array.from({ length: size }, (_, i) => NM((i * 2000) / size + (size === 100 ? 1 : 0)));
    for (const month of months)
      await addAssignments(db, { accountId: accounts[0]!, userId: user, month, nmIds: nms });
    const weekly = (
      await sql<{ id: string }>`
        SELECT report_id::text AS id FROM wb_report_periods WHERE account_id = ${accounts[0]!} AND period = 'weekly'
        ORDER BY date_to DESC LIMIT 13`.execute(db)
    ).rows.map((r) => r.id);
    const times: number[] = [];
    const reportTimes: number[] = [];
    let b: Awaited<ReturnType<typeof balanceForUser>> | undefined;
    for (let i = 0; i < 60; i++) {
      let t = performance.now();
      b = await balanceForUser(db, { accountId: accounts[0]!, userId: user, today: TODAY });
      if (i >= 10) times.push(performance.now() - t);
      t = performance.now();
      await reportFiguresForUser(db, { accountId: accounts[0]!, userId: user, reportIds: weekly });
      if (i >= 10) reportTimes.push(performance.now() - t);
    }
    console.log(
      `  balance of ${size}: current ${b!.current}, forWithdraw ${b!.forWithdraw}, since ${b!.since}`,
    );
    const label = `${size} articles over ${N.toLocaleString('en')} rows`;
    record(`balance, manager of ${label}, p50 of 50`, pct(times, 0.5), 'ms', '—');
    record(`balance, manager of ${label}, p95 of 50`, pct(times, 0.95), 'ms', '< 50 ms');
    record(`13 weekly reports' figures, ${label}, p95 of 50`, pct(reportTimes, 0.95), 'ms', '—');
  }

  // Ingest: a 100,000-row page upserted the way the sync worker does (one INSERT … SELECT FROM
  // jsonb_array_elements … ON CONFLICT (account_id, rrd_id) DO UPDATE), half of it rows already stored with
  // other money, half new; with and without the rollup trigger, rolled back each time.
  const page: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 100_000; i++) {
    const rrd = i % 2 ? 1_000_000_000 + i : 1 + (i / 2) * Math.max(1, Math.floor(N / 50_000));
    const day = new Date(Date.UTC(2026, 10, 20 - (i % 30)));
    page.push({
      rrdId: rrd,
      reportId: String(9000000000000000000n + BigInt(day.getTime() / 86_400_000)),
      nmId: NM((i * 7) % 2000),
      docTypeName: i % 11 ? 'Продажа' : 'Возврат',
      sellerOperName: i % 11 ? 'Продажа' : 'Возврат',
      dateFrom: day.toISOString().slice(0, 10),
      dateTo: day.toISOString().slice(0, 10),
      rrDate: day.toISOString().slice(0, 10),
      saleDt: '2026-11-19T10:11:12',
      orderDt: '2026-11-15T09:00:00',
      quantity: 1,
      retailAmount: ((i * 37) % 500000) / 100 + '',
      forPay: ((i * 31) % 400000) / 100 + '',
      deliveryService: ((i * 3) % 30000) / 100 + '',
      paidStorage: '0.5',
      penalty: '0',
      deduction: '0',
      paidAcceptance: '0.12',
      additionalPayment: '0',
      rebillLogisticCost: '0.01',
      subjectName: 'Футболки',
      brandName: 'Бренд',
      supplierArticle: `ART-${i % 2000}`,
      barcode: `4600000${i}`,
      officeName: 'Коледино',
      siteCountry: 'Россия',
      ppvzOfficeName: 'Пункт выдачи',
      srid: `${i}.0.abcdef0123456789`,
    });
  }
  const rowsJson = JSON.stringify(page);
  const money = (field: string) => sql`nullif(e->>${field}, '')::numeric`;
  const upsert = (trx: typeof owner) =>
    sql`
    INSERT INTO wb_report_rows AS t (account_id, rrd_id, report_id, period, nm_id, doc_type_name,
      supplier_oper_name, date_from, date_to, rr_date, sale_dt, order_dt, quantity, retail_amount, for_pay,
      delivery_service, paid_storage, penalty, deduction, paid_acceptance, additional_payment,
      rebill_logistic_cost, raw)
    SELECT ${accounts[0]!}, (e->>'rrdId')::bigint, (e->>'reportId')::numeric(20, 0), 'daily',
      nullif((e->>'nmId')::bigint, 0), e->>'docTypeName', e->>'sellerOperName', (e->>'dateFrom')::date,
      (e->>'dateTo')::date, (nullif(e->>'rrDate', ''))::date, (e->>'saleDt')::timestamp AT TIME ZONE 'Europe/Moscow',
      (e->>'orderDt')::timestamp AT TIME ZONE 'Europe/Moscow', (e->>'quantity')::integer, ${money('retailAmount')},
      ${money('forPay')}, ${money('deliveryService')}, ${money('paidStorage')}, ${money('penalty')},
      ${money('deduction')}, ${money('paidAcceptance')}, ${money('additionalPayment')},
      ${money('rebillLogisticCost')}, e
    FROM jsonb_array_elements(${rowsJson}::jsonb) AS e
    ON CONFLICT (account_id, rrd_id) DO UPDATE SET
      report_id = excluded.report_id, period = excluded.period, nm_id = excluded.nm_id,
      doc_type_name = excluded.doc_type_name, supplier_oper_name = excluded.supplier_oper_name,
      date_from = excluded.date_from, date_to = excluded.date_to, rr_date = excluded.rr_date,
      sale_dt = excluded.sale_dt, order_dt = excluded.order_dt, quantity = excluded.quantity,
      retail_amount = excluded.retail_amount, for_pay = excluded.for_pay,
      delivery_service = excluded.delivery_service, paid_storage = excluded.paid_storage,
      penalty = excluded.penalty, deduction = excluded.deduction, paid_acceptance = excluded.paid_acceptance,
      additional_payment = excluded.additional_payment, rebill_logistic_cost = excluded.rebill_logistic_cost,
      raw = excluded.raw, synced_at = now()`.execute(trx);
  const withTrigger: number[] = [];
  const without: number[] = [];
  class Rollback extends Error {}
  for (let i = 0; i < 6; i++) {
    const on = i % 2 === 0;
    try {
      await owner.transaction().execute(async (trx) => {
        if (!on) await sql`ALTER TABLE wb_report_rows DISABLE TRIGGER USER`.execute(trx);
        const t = performance.now();
        await upsert(trx);
        (on ? withTrigger : without).push(performance.now() - t);
        throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
  }
  const rate = (xs: number[]) => 100_000 / (pct(xs, 0.5) / 1000);
  record(
    'ingest: 100k-row upsert page (50% conflicts), with the rollup trigger, median of 3',
    rate(withTrigger),
    'rows/s',
    '≥ 50,000 rows/s',
  );
  record('ingest: the same page without the trigger, median of 3', rate(without), 'rows/s', '—');
} finally {
  await owner.destroy();
  await tdb.drop();
}

console.table(results);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'balance.json'),
  JSON.stringify({ at: new Date().toISOString(), rows: N, results }, null, 2),
);
