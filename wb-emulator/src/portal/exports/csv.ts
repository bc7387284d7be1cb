import type { CellValue } from './xlsx.ts';

/**
 * CSV as WB's portal serves it: UTF-8 with a BOM (so Excel reads Cyrillic), `;` between fields, CRLF, fields
 * quoted when they hold a separator, a quote or a line break.
 */
export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (row: T) => CellValue;
}

function field(v: CellValue): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v).replace('.', ',') : v;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: Iterable<T>): string {
  const lines = [columns.map((c) => field(c.header)).join(';')];
  for (const row of rows) lines.push(columns.map((c) => field(c.value(row))).join(';'));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
