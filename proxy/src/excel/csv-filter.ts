import { FilterError } from '../filter/errors.ts';
import type { FilterStats } from '../filter/deep-filter.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';
import { TOTAL_LABELS, isDateHeader, isNmHeader } from './headers.ts';

/** Parses CSV (RFC 4180 quoting) with the given separator. */
export function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new FilterError('FILTER_UNPARSEABLE', 'csv: an unterminated quoted field (truncated?)');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function quote(v: string, sep: string): string {
  return v.includes(sep) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const decimal = (v: string) => {
  const s = v.trim().replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
};

/**
 * Filters a CSV export (WB: UTF-8 with a BOM, `;`, CRLF) by its article column; a totals row is recomputed.
 * A CSV without an article column is refused.
 */
export function filterCsv(bytes: Uint8Array, visible: VisibleSet): { bytes: Buffer; stats: FilterStats } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FilterError('FILTER_UNPARSEABLE', 'csv: not UTF-8');
  }
  const bom = text.startsWith('\ufeff');
  if (bom) text = text.slice(1);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = [';', '\t', ','].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  const rows = parseCsv(text, sep);
  const header = rows[0] ?? [];
  const nmCol = header.findIndex(isNmHeader);
  if (nmCol < 0)
    throw new FilterError('FILTER_NO_NM_COLUMN', 'csv: no article column (Артикул WB, Код номенклатуры, …)');
  const dateCol = header.findIndex(isDateHeader);
  const stats: FilterStats = { kept: 0, removed: 0 };
  const kept: string[][] = [header];
  const sums = new Map<number, number>();
  const decimalsComma = text.includes(',') && sep !== ',';
  for (const row of rows.slice(1)) {
    if (row.every((f) => f === '')) continue;
    if (TOTAL_LABELS.test((row[0] ?? '').trim()) && !(row[nmCol] ?? '').trim()) {
      kept.push(
        row.map((f, i) => {
          if (i === 0 || decimal(f) === null) return f;
          const s = String((sums.get(i) ?? 0) / 100);
          return decimalsComma ? s.replace('.', ',') : s;
        }),
      );
      continue;
    }
    const nmText = (row[nmCol] ?? '').trim();
    const nm = /^\d{1,15}$/.test(nmText) ? Number(nmText) : null;
    const date = dateCol >= 0 ? (row[dateCol] ?? '').trim() : '';
    const ok =
      nm !== null &&
      nm > 0 &&
      (/^\d{4}-\d{2}-\d{2}/.test(date) ? visible.visibleAt(nm, date.slice(0, 10)) : visible.has(nm));
    if (!ok) {
      stats.removed++;
      continue;
    }
    stats.kept++;
    row.forEach((f, i) => {
      const n = i === nmCol ? null : decimal(f);
      if (n !== null) sums.set(i, (sums.get(i) ?? 0) + Math.round(n * 100));
    });
    kept.push(row);
  }
  const out = kept.map((r) => r.map((f) => quote(f, sep)).join(sep)).join('\r\n') + '\r\n';
  return { bytes: Buffer.from((bom ? '\ufeff' : '') + out, 'utf8'), stats };
}
