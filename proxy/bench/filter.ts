// The filter's performance targets: `npm run bench -w @joycity/proxy`.
// Prints a table and writes bench/results/filter.json. BENCH_FINANCE_ROWS sets the balance's table size
// (default 10,000,000; generated with generate_series in a database of its own).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addAssignments, balanceForUser, createUser, reportFiguresForUser } from '@joycity/db';
import { createTestDatabase } from '@joycity/db/testing';
import { createLogger } from '@joycity/shared/logger';
import { sql } from 'kysely';
import { ZipWriter } from '../src/excel/zip.ts';
import { createFilterEngine } from '../src/filter/engine.ts';
import { deepFilter } from '../src/filter/deep-filter.ts';
import { encodeJson, parseJson } from '../src/filter/json-codec.ts';
import { createVisibleSet } from '../src/visibility/visible-set.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const results: Array<{ metric: string; value: number; unit: string; target: string }> = [];
const record = (metric: string, value: number, unit: string, target: string) =>
  results.push({ metric, value: Math.round(value * 100) / 100, unit, target });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const NMS = Array.from({ length: 400 }, (_, i) => 204_000_000 + i * 131);
const mine = new Set(NMS.filter((_, i) => i % 4 === 0));
const visible = createVisibleSet({
  userId: 'bench',
  accountId: 1,
  at: new Date('2026-11-20T12:00:00Z'),
  months: new Map([['2026-11-01', mine]]),
});

// 1. 5 MB of JSON: the orders route (specific rule, totals recomputed) and the generic deep filter.
const orders = [];
for (let i = 0; orders.length < 9_000; i++) {
  const nm = NMS[i % NMS.length]!;
  orders.push({
    srid: `${i}.0.abcdef0123456789`,
    orderDate: '2026-11-19T10:00:00',
    nmId: nm,
    supplierArticle: `ART-${i % 400}`,
    brand: 'Бренд',
    subject: 'Футболки',
    title: `Футболка хлопковая ${i % 400}`,
    techSize: 'M',
    barcode: `46${i}`,
    warehouseName: 'Коледино',
    regionName: 'Московская область',
    totalPrice: 1999,
    discountPercent: 30,
    priceWithDisc: 1399.3,
    finishedPrice: 1259.37,
    status: i % 7 ? 'sold' : 'cancelled',
    statusName: 'Выкуп',
    photo: { tm: `https://basket-01.wbbasket.ru/vol${nm}/images/tm/1.webp` },
  });
}
const jsonBytes = encodeJson({
  data: { orders, total: orders.length, totals: {} },
  error: false,
  errorText: '',
});
const engine = createFilterEngine({
  db: null as never,
  logger: createLogger({ service: 'proxy-test', level: 'silent' }),
});
const ctx = {
  host: 'seller-weekly-report.wildberries.ru',
  method: 'GET',
  path: '/ns/orders/analytics-back/api/v1/orders',
  search: new URLSearchParams('limit=1000'),
};
const plan = engine.planResponse(ctx)!;
const routeTimes: number[] = [];
const genericTimes: number[] = [];
for (let i = 0; i < 7; i++) {
  let t = performance.now();
  await engine.applyResponseFilter(
    plan,
    { status: 200, contentType: 'application/json', body: jsonBytes },
    visible,
  );
  routeTimes.push(performance.now() - t);
  t = performance.now();
  encodeJson(deepFilter(parseJson(jsonBytes, 'bench'), visible, { kept: 0, removed: 0 }));
  genericTimes.push(performance.now() - t);
}
const mb = jsonBytes.length / 1e6;
record(
  `JSON orders route, ${mb.toFixed(1)} MB (median of 7)`,
  mb / (median(routeTimes) / 1000),
  'MB/s',
  '≥ 100 MB/s',
);
record(
  `JSON generic deep filter, ${mb.toFixed(1)} MB (median of 7)`,
  mb / (median(genericTimes) / 1000),
  'MB/s',
  '≥ 100 MB/s',
);

// 2. A 100,000-row xlsx (realization-report-like, 30 columns, shared strings), filtered in a child process.
const dir = mkdtempSync(path.join(tmpdir(), 'jc-filter-bench-'));
try {
  const zip = new ZipWriter(6);
  const strings: string[] = [];
  const sst = new Map<string, number>();
  const s = (v: string) => {
    let i = sst.get(v);
    if (i === undefined) sst.set(v, (i = strings.push(v) - 1));
    return i;
  };
  const cols = 30;
  const letter = (i: number) =>
    i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`;
  zip.add(
    '[Content_Types].xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ),
  );
  zip.add(
    '_rels/.rels',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
  );
  zip.add(
    'xl/workbook.xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Отчет" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  );
  zip.add(
    'xl/_rels/workbook.xml.rels',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ),
  );
  const w = zip.open('xl/worksheets/sheet1.xml');
  w.write(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const header = [
    '№',
    'Предмет',
    'Код номенклатуры',
    ...Array.from({ length: cols - 3 }, (_, i) => `Колонка ${i}`),
  ];
  w.write(
    `<row r="1">${header.map((h, c) => `<c r="${letter(c)}1" t="s"><v>${s(h)}</v></c>`).join('')}</row>`,
  );
  const ROWS = 100_000;
  for (let r = 0; r < ROWS; r++) {
    const n = r + 2;
    const nm = NMS[r % NMS.length]!;
    let row = `<row r="${n}"><c r="A${n}"><v>${r + 1}</v></c><c r="B${n}" t="s"><v>${s(`Предмет ${r % 50}`)}</v></c><c r="C${n}"><v>${nm}</v></c>`;
    for (let c = 3; c < cols; c++)
      row +=
        c % 3
          ? `<c r="${letter(c)}${n}"><v>${((r * c) % 100000) / 100}</v></c>`
          : `<c r="${letter(c)}${n}" t="s"><v>${s(`текст ${(r + c) % 5000}`)}</v></c>`;
    w.write(`${row}</row>`);
  }
  w.write('</sheetData></worksheet>');
  w.close();
  zip.add(
    'xl/sharedStrings.xml',
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((x) => `<si><t>${x}</t></si>`).join('')}</sst>`,
    ),
  );
  const file = path.join(dir, 'report.xlsx');
  const xlsx = zip.finish();
  writeFileSync(file, xlsx);
  const child = JSON.parse(
    execFileSync(process.execPath, [path.join(here, 'xlsx-child.ts'), file, [...mine].join(',')], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as { ms: number; kept: number; removed: number; maxRssKb: number };
  record(
    `xlsx ${ROWS.toLocaleString('en')} rows × ${cols} columns (${(xlsx.length / 1e6).toFixed(1)} MB), filter time`,
    child.ms / 1000,
    's',
    '< 5 s',
  );
  record('xlsx filter, peak RSS of the child process', child.maxRssKb / 1024, 'MB', '< 250 MB');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// 3. The per-manager balance over N synced finance rows (generate_series), p95 of 50 calls.
const N = Number(process.env.BENCH_FINANCE_ROWS ?? 10_000_000);
const tdb = await createTestDatabase();
try {
  const db = tdb.connect();
  const account = (
    await db
      .insertInto('accounts')
      .values({ name: 'Bench', inn: '7700000000' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const user = (await createUser(db, { email: 'bench@example.com', name: 'Bench', password_hash: 'x' })).id;
  const t0 = performance.now();
  // 90 days (2026-08-23 … 2026-11-20), 2,000 articles, ~5% rows without an article; weekly and daily reports.
  await sql`
    INSERT INTO wb_report_rows (account_id, rrd_id, report_id, period, nm_id, doc_type_name, supplier_oper_name,
      date_from, date_to, rr_date, quantity, retail_amount, for_pay, delivery_service, paid_storage, penalty,
      deduction, paid_acceptance, additional_payment, rebill_logistic_cost, raw)
    SELECT ${account}, g, CASE WHEN g % 2 = 0 THEN 300000000 + ((g / 2) % 90) / 7 ELSE 9000000000000000000 + (g / 2) % 90 END,
      CASE WHEN g % 2 = 0 THEN 'weekly' ELSE 'daily' END,
      CASE WHEN g % 20 = 0 THEN 0 ELSE 204000000 + (g % 2000) * 131 END,
      CASE WHEN g % 11 = 0 THEN 'Возврат' ELSE 'Продажа' END, CASE WHEN g % 11 = 0 THEN 'Возврат' ELSE 'Продажа' END,
      d - ((extract(isodow FROM d)::int - 1)), d - ((extract(isodow FROM d)::int - 1)) + 6, d, 1,
      (g % 5000) / 100.0, (g % 4000) / 100.0, (g % 300) / 100.0, (g % 50) / 100.0, (g % 7) / 100.0,
      0, (g % 3) / 100.0, (g % 13) / 100.0, 0, '{}'::jsonb
    FROM generate_series(1, ${N}) g, LATERAL (SELECT date '2026-11-20' - ((g / 2) % 90)::int AS d) x`.execute(
    db,
  );
  await sql`VACUUM ANALYZE wb_report_rows`.execute(db);
  record(
    `generate ${N.toLocaleString('en')} finance rows (+ indexes, vacuum)`,
    (performance.now() - t0) / 1000,
    's',
    '—',
  );
  const nms = Array.from({ length: 2000 }, (_, i) => 204_000_000 + i * 131).filter((_, i) => i % 20 === 1);
  for (const month of ['2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01'])
    await addAssignments(db, { accountId: account, userId: user, month, nmIds: nms });
  const times: number[] = [];
  const reportTimes: number[] = [];
  for (let i = 0; i < 55; i++) {
    let t = performance.now();
    await balanceForUser(db, { accountId: account, userId: user, today: '2026-11-20' });
    if (i >= 5) times.push(performance.now() - t);
    t = performance.now();
    await reportFiguresForUser(db, {
      accountId: account,
      userId: user,
      reportIds: Array.from({ length: 13 }, (_, k) => String(300000000 + k)),
    });
    if (i >= 5) reportTimes.push(performance.now() - t);
  }
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
  record(
    `balance of a manager of ${nms.length} articles over ${N.toLocaleString('en')} rows, p95 of 50`,
    p95(times),
    'ms',
    '< 50 ms',
  );
  record(`13 weekly reports' figures for that manager, p95 of 50`, p95(reportTimes), 'ms', '—');
} finally {
  await tdb.drop();
}

console.table(results);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'filter.json'),
  JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
);
