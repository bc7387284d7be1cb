// Child process of bench/filter.ts: filters one xlsx file and reports time and peak RSS (its own process).
import { readFileSync } from 'node:fs';
import { filterXlsx } from '../src/excel/xlsx-filter.ts';
import { createVisibleSet } from '../src/visibility/visible-set.ts';

const [file, visibleCsv] = process.argv.slice(2) as [string, string];
const visible = createVisibleSet({
  userId: 'bench',
  accountId: 1,
  at: new Date('2026-11-20T12:00:00Z'),
  months: new Map([['2026-11-01', new Set(visibleCsv.split(',').map(Number))]]),
});
const bytes = readFileSync(file);
const t = performance.now();
const r = await filterXlsx(bytes, visible);
const ms = performance.now() - t;
process.stdout.write(
  JSON.stringify({
    ms,
    kept: r.stats.kept,
    removed: r.stats.removed,
    outBytes: r.bytes.length,
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
