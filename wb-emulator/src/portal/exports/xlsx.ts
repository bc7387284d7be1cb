import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Excel exports as WB's portal produces them: one data sheet with a bold header row of Russian column names,
 * column widths, a frozen header and an auto-filter, a totals row ("Итого") under the data, and optionally
 * further sheets (a summary). Written with exceljs' streaming writer, so memory stays flat whatever the rows.
 */

export type CellValue = string | number | null | undefined;

export interface XlsxColumn<T> {
  readonly header: string;
  readonly value: (row: T) => CellValue;
  readonly width?: number;
  /** Number format, e.g. `#,##0.00` for money. */
  readonly numFmt?: string;
  /** Whether the totals row sums this column. */
  readonly total?: boolean;
}

export interface ExtraSheet {
  readonly name: string;
  readonly rows: ReadonlyArray<readonly CellValue[]>;
  readonly widths?: readonly number[];
}

export interface XlsxInit<T> {
  readonly sheetName: string;
  readonly columns: ReadonlyArray<XlsxColumn<T>>;
  readonly rows: Iterable<T>;
  /** Label of the totals row (default `Итого`); `false` writes none. */
  readonly totalsLabel?: string | false;
  readonly extraSheets?: (totals: { rows: number; sums: number[] }) => ExtraSheet[];
  readonly creator?: string;
}

export const MONEY_FORMAT = '#,##0.00';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDE7F6' } };

/** Builds the workbook into a Buffer. */
export async function buildXlsx<T>(init: XlsxInit<T>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = init.creator ?? 'Wildberries';
  wb.created = new Date(0);
  const ws = wb.addWorksheet(init.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = init.columns.map((col, i) => ({
    header: col.header,
    key: `c${i}`,
    width: col.width ?? Math.min(60, Math.max(10, col.header.length + 2)),
    ...(col.numFmt ? { style: { numFmt: col.numFmt } } : {}),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  header.alignment = { vertical: 'middle', wrapText: true };
  header.commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: init.columns.length } };
  const sums = init.columns.map(() => 0);
  let count = 0;
  for (const row of init.rows) {
    const values = init.columns.map((col, i) => {
      const v = col.value(row);
      if (col.total && typeof v === 'number') sums[i] = (sums[i] as number) + v;
      return v ?? null;
    });
    ws.addRow(values).commit();
    count++;
  }
  if (init.totalsLabel !== false) {
    const totals = init.columns.map((col, i) =>
      i === 0
        ? (init.totalsLabel ?? 'Итого')
        : col.total
          ? Math.round((sums[i] as number) * 100) / 100
          : null,
    );
    const row = ws.addRow(totals);
    row.font = { bold: true };
    row.commit();
  }
  ws.commit();
  for (const sheet of init.extraSheets?.({ rows: count, sums }) ?? []) {
    const extra = wb.addWorksheet(sheet.name);
    extra.columns = (sheet.widths ?? [40, 20]).map((width, i) => ({ key: `c${i}`, width }));
    sheet.rows.forEach((values, i) => {
      const row = extra.addRow([...values]);
      if (i === 0) row.font = { bold: true };
      row.commit();
    });
    extra.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `Content-Disposition` with a Cyrillic file name (RFC 6266 `filename*`) and an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
