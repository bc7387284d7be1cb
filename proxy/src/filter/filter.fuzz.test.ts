import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { filterCsv } from '../excel/csv-filter.ts';
import { filterExport } from '../excel/export-filter.ts';
import { ZipWriter } from '../excel/zip.ts';
import { leakedNmIds } from '../testing/leaks.ts';
import { createVisibleSet } from '../visibility/visible-set.ts';
import { deepFilter, type EmbeddedFile } from './deep-filter.ts';
import { encodeJson } from './json-codec.ts';

/**
 * Property tests: random JSON shapes (every nmId spelling, id lists, nmId-keyed maps, JSON-RPC batches, files in
 * base64) and random xlsx / zipped xlsx / CSV exports go through the filter; no article outside the visible set
 * may appear anywhere in the output: strings, keys, numbers, decoded base64, unzipped sheets.
 */

const UNIVERSE = Array.from({ length: 24 }, (_, i) => 204_000_000 + i * 7919);
const SPELLINGS = ['nmId', 'nmID', 'nm_id', 'nmid', 'nm', 'wbArticle'] as const;
const visibleNms = new Set(UNIVERSE.filter((_, i) => i % 3 === 0));
const hidden = UNIVERSE.filter((nm) => !visibleNms.has(nm));
const visible = createVisibleSet({
  userId: 'u',
  accountId: 1,
  at: new Date('2026-11-20T12:00:00Z'),
  months: new Map([['2026-11-01', visibleNms]]),
});

const nmArb = fc.constantFrom(...UNIVERSE);
const filler = fc.oneof(
  fc.integer({ min: 0, max: 9999 }),
  fc.stringMatching(/^[a-zа-я ]{0,12}$/),
  fc.boolean(),
  fc.constant(null),
);

const rowArb = (inner: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc
      .record({
        key: fc.constantFrom(...SPELLINGS),
        nm: nmArb,
        extra: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), inner, { maxKeys: 3 }),
      })
      .map(({ key, nm, extra }) => ({
        ...extra,
        [key]: nm,
        title: `товар ${nm}`,
        url: `https://x/${nm}/img.webp`,
      })),
    fc.record({ nm: nmArb, asString: fc.boolean() }).map(({ nm, asString }) => ({
      id: 1,
      productDetails: { nmId: asString ? String(nm) : nm, name: `артикул ${nm}` },
    })),
    fc.record({ nm: nmArb }).map(({ nm }) => ({ productInfo: { wbArticle: nm }, text: `review of ${nm}` })),
  );

const jsonArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    filler,
    fc.array(rowArb(tie('value')), { maxLength: 6 }),
    fc
      .record({
        key: fc.constantFrom('nms', 'nmIds', 'nmIDs', 'nm_ids'),
        ids: fc.array(nmArb, { maxLength: 6 }),
      })
      .map(({ key, ids }) => ({ [key]: ids })),
    fc
      .array(fc.tuple(nmArb, tie('value')), { maxLength: 5 })
      .map((pairs) => ({ nmsTotal: Object.fromEntries(pairs.map(([nm, v]) => [String(nm), v])) })),
    fc
      .array(fc.tuple(nmArb, filler), { maxLength: 5 })
      .map((pairs) => Object.fromEntries(pairs.map(([nm, v]) => [String(nm), v]))),
    fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
})).value;

const rpcBatchArb = fc
  .array(
    fc.record({
      id: fc.integer({ min: 1, max: 99 }),
      rows: fc.array(rowArb(filler), { maxLength: 5 }),
      total: fc.nat(99),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((calls) =>
    calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: { data: c.rows, totalCount: c.total } })),
  );

interface SheetSpec {
  header: 'Код номенклатуры' | 'Артикул WB' | 'WB item No.';
  rows: Array<{ nm: number; qty: number; sum: number }>;
  sharedStrings: boolean;
  totals: boolean;
}

const sheetArb: fc.Arbitrary<SheetSpec> = fc.record({
  header: fc.constantFrom('Код номенклатуры' as const, 'Артикул WB' as const, 'WB item No.' as const),
  rows: fc.array(
    fc.record({
      nm: nmArb,
      qty: fc.integer({ min: 0, max: 50 }),
      sum: fc.integer({ min: -100_000, max: 1_000_000 }).map((k) => k / 100),
    }),
    { maxLength: 30 },
  ),
  sharedStrings: fc.boolean(),
  totals: fc.boolean(),
});

async function buildXlsx(spec: SheetSpec): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => stream.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: spec.sharedStrings,
  });
  const ws = wb.addWorksheet('Данные');
  ws.columns = [
    { header: 'Название', key: 'title', width: 30 },
    { header: spec.header, key: 'nm', width: 14 },
    { header: 'Кол-во', key: 'qty' },
    { header: 'Сумма', key: 'sum', style: { numFmt: '#,##0.00' } },
  ];
  for (const r of spec.rows) ws.addRow({ title: `товар ${r.nm}`, nm: r.nm, qty: r.qty, sum: r.sum }).commit();
  if (spec.totals)
    ws.addRow({
      title: 'Итого',
      qty: spec.rows.reduce((n, r) => n + r.qty, 0),
      sum: spec.rows.reduce((n, r) => n + Math.round(r.sum * 100), 0) / 100,
    }).commit();
  ws.commit();
  const extra = wb.addWorksheet('Сводка');
  extra.addRow(['Строк', spec.rows.length]).commit();
  extra.addRow(['Артикулы', spec.rows.map((r) => r.nm).join(', ')]).commit();
  extra.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

async function readBack(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('filter properties', () => {
  it('JSON of any shape: no hidden nmId survives, visible rows do', () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        const out = deepFilter(value, visible, { kept: 0, removed: 0 });
        expect(leakedNmIds(encodeJson(out), hidden)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('JSON-RPC batches: every answer is filtered', () => {
    fc.assert(
      fc.property(rpcBatchArb, (batch) => {
        const out = deepFilter(batch, visible, { kept: 0, removed: 0 });
        expect(leakedNmIds(encodeJson(out), hidden)).toEqual([]);
        expect((out as unknown[]).length).toBe(batch.length);
      }),
      { numRuns: 200 },
    );
  });

  it('xlsx, zipped xlsx and base64-wrapped files: rows of hidden nmIds and their strings are gone, totals recomputed', async () => {
    await fc.assert(
      fc.asyncProperty(sheetArb, fc.constantFrom('raw', 'zip', 'base64'), async (spec, wrapping) => {
        const xlsx = await buildXlsx(spec);
        // The detector sees what the filter must remove (the input names hidden nmIds whenever it has one).
        expect(leakedNmIds(xlsx, hidden).length > 0).toBe(spec.rows.some((r) => !visibleNms.has(r.nm)));
        let outBytes: Uint8Array;
        if (wrapping === 'base64') {
          const files: EmbeddedFile[] = [];
          const json = deepFilter(
            { data: { file: xlsx.toString('base64'), name: 'x.xlsx' } },
            visible,
            { kept: 0, removed: 0 },
            { files },
          );
          expect(files).toHaveLength(1);
          const r = await filterExport(files[0]!.bytes, visible);
          (files[0]!.holder as Record<string, unknown>)[files[0]!.key] = r.bytes.toString('base64');
          outBytes = encodeJson(json);
          expect(leakedNmIds(outBytes, hidden)).toEqual([]);
          return;
        }
        const input =
          wrapping === 'zip'
            ? (() => {
                const z = new ZipWriter();
                z.add('Отчёт.xlsx', xlsx);
                return z.finish();
              })()
            : xlsx;
        const r = await filterExport(input, visible);
        outBytes = r.bytes;
        expect(leakedNmIds(outBytes, hidden)).toEqual([]);
        const kept = spec.rows.filter((row) => visibleNms.has(row.nm));
        expect(r.stats.kept).toBe(kept.length);
        if (wrapping === 'raw') {
          const rows = await readBack(r.bytes);
          expect(rows.length).toBe(1 + kept.length + (spec.totals ? 1 : 0));
          if (spec.totals) {
            const totals = rows.at(-1)!;
            expect(totals[0]).toBe('Итого');
            expect(totals[2]).toBe(kept.reduce((n, x) => n + x.qty, 0));
            expect(Math.round(Number(totals[3]) * 100)).toBe(
              kept.reduce((n, x) => n + Math.round(x.sum * 100), 0),
            );
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('CSV: hidden rows removed, totals recomputed', () => {
    fc.assert(
      fc.property(sheetArb, (spec) => {
        const lines = [
          'Артикул WB;Название;Кол-во',
          ...spec.rows.map((r) => `${r.nm};"товар ${r.nm}; цвет";${r.qty}`),
        ];
        const csv = Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
        const r = filterCsvSafe(csv);
        expect(leakedNmIds(r, hidden)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an export with no article column', async () => {
    await expect(
      filterExport(Buffer.from('\ufeffНазвание;Кол-во\r\nx;1\r\n'), visible),
    ).rejects.toMatchObject({
      code: 'FILTER_NO_NM_COLUMN',
    });
    const xlsx = await buildXlsx({
      header: 'Код номенклатуры',
      rows: [],
      sharedStrings: false,
      totals: false,
    });
    await expect(filterExport(xlsx.subarray(0, xlsx.length - 40), visible)).rejects.toMatchObject({
      code: 'FILTER_BAD_ARCHIVE',
    });
  });
});

function filterCsvSafe(bytes: Uint8Array): Uint8Array {
  return filterCsv(bytes, visible).bytes;
}
