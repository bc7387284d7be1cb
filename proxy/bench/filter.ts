// The filter's performance targets: `npm run bench -w @joycity/proxy`.
// Prints a table and writes bench/results/filter.json. The balance has its own: bench/balance.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@joycity/shared/logger';
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
// Wall time is hostage to other processes on a shared machine: CPU time of this process (user + system, all
// its threads, GC included) is reported beside it as the one-core figure.
const routeTimes: number[] = [];
const genericTimes: number[] = [];
const routeCpu: number[] = [];
const genericCpu: number[] = [];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let i = 0; i < 15; i++) {
  let t = performance.now();
  let c = cpuMs();
  await engine.applyResponseFilter(
    plan,
    { status: 200, contentType: 'application/json', body: jsonBytes },
    visible,
  );
  routeTimes.push(performance.now() - t);
  routeCpu.push(cpuMs() - c);
  t = performance.now();
  c = cpuMs();
  encodeJson(deepFilter(parseJson(jsonBytes, 'bench'), visible, { kept: 0, removed: 0 }));
  genericTimes.push(performance.now() - t);
  genericCpu.push(cpuMs() - c);
}
const mb = jsonBytes.length / 1e6;
const rate = (ms: number) => mb / (ms / 1000);
for (const [name, wall, cpu] of [
  ['orders route', routeTimes, routeCpu],
  ['generic deep filter', genericTimes, genericCpu],
] as const) {
  record(
    `JSON ${name}, ${mb.toFixed(1)} MB: CPU time, median of 15`,
    rate(median([...cpu])),
    'MB/s',
    '≥ 100 MB/s',
  );
  record(`JSON ${name}: wall time, median of 15`, rate(median([...wall])), 'MB/s', '—');
}

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

console.table(results);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'filter.json'),
  JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
);
