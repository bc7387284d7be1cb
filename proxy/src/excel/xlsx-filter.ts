import { StringDecoder } from 'node:string_decoder';
import { FilterError } from '../filter/errors.ts';
import type { FilterStats } from '../filter/deep-filter.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';
import { TOTAL_LABELS, isDateHeader, isNmHeader } from './headers.ts';
import { ZipWriter, entryBytes, entryChunks, readZip, type ZipEntry } from './zip.ts';

/**
 * Filters an xlsx by its article column in one streaming pass: the sheet XML is inflated chunk by chunk, rows
 * are judged by the nmId cell (found by header: `Код номенклатуры`, `Артикул WB`, …), kept rows renumbered, a
 * totals row (`Итого`) recomputed from the kept rows, and the shared-strings table rebuilt from the strings the
 * kept rows use (strings of removed rows must not survive in it). Styles, widths, frozen panes, other parts are
 * copied as they are. Sheets without an article column carry figures over every article: their numbers and
 * id-like strings are blanked. A workbook with no article column at all is refused.
 */

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export function xmlText(fragment: string): string {
  let out = '';
  const re = /<t\b[^>]*>([\s\S]*?)<\/t>/g;
  let m: RegExpExecArray | null;
  let any = false;
  while ((m = re.exec(fragment))) {
    any = true;
    out += m[1];
  }
  if (!any) out = fragment.replace(/<[^>]+>/g, '');
  return out.replace(/&(#x?[0-9a-f]+|\w+);/gi, (all, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (XML_ENTITIES[e] ?? all),
  );
}

function colIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}
function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface SharedStrings {
  raw: string[];
  text(i: number): string;
}

function parseSharedStrings(xml: string | null): SharedStrings {
  const raw: string[] = [];
  if (xml) {
    const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(xml))) raw.push(m[1] ?? '');
  }
  const cache = new Map<number, string>();
  return {
    raw,
    text(i) {
      let t = cache.get(i);
      if (t === undefined) cache.set(i, (t = xmlText(raw[i] ?? '')));
      return t;
    },
  };
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ROW = /<row\b[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g;
const ATTR_R = /\br="([A-Z]+)(\d+)"/;
const ATTR_T = /\bt="(\w+)"/;
const VALUE = /<v>([\s\S]*?)<\/v>/;

interface Cell {
  col: number;
  type: string | undefined;
  attrs: string;
  inner: string;
}

function cellsOf(row: string): Cell[] {
  const out: Cell[] = [];
  let pos = 0;
  CELL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CELL.exec(row))) {
    const attrs = m[1]!;
    const r = ATTR_R.exec(attrs);
    const col = r ? colIndex(r[1]!) : pos;
    pos = col + 1;
    out.push({ col, type: ATTR_T.exec(attrs)?.[1], attrs, inner: m[2] ?? '' });
  }
  return out;
}

const CELL_AT = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/y;

/** The cell at `start` (a `<c` position) of a row. */
function cellFrom(row: string, start: number, col: number): Cell | undefined {
  CELL_AT.lastIndex = start;
  const m = CELL_AT.exec(row);
  if (!m) return undefined;
  return { col, type: ATTR_T.exec(m[1]!)?.[1], attrs: m[1]!, inner: m[2] ?? '' };
}

/**
 * Finds cells of a row by their reference (`r="C17"`) without splitting the whole row: a removed row costs a few
 * `indexOf`s instead of 30 cell objects. `null` when the row has no references (then cellsOf decides).
 */
function cellByRef(row: string, col: number, rowNo: number): Cell | undefined | null {
  const at = row.indexOf(` r="${colName(col)}${rowNo}"`);
  if (at < 0) return row.includes('<c r="') || row.includes(' r="A') ? undefined : null;
  const start = row.lastIndexOf('<c', at);
  return start < 0 ? null : cellFrom(row, start, col);
}

function cellText(c: Cell, sst: SharedStrings): string {
  if (c.type === 's') {
    const v = VALUE.exec(c.inner)?.[1];
    return v === undefined ? '' : sst.text(Number(v));
  }
  if (c.type === 'inlineStr') return xmlText(c.inner);
  const v = VALUE.exec(c.inner)?.[1];
  return v === undefined ? '' : xmlText(v);
}

/** New shared-string indices in order of first use by the kept cells. */
class StringRemap {
  readonly used: number[] = [];
  private readonly map = new Map<number, number>();
  index(old: number): number {
    let n = this.map.get(old);
    if (n === undefined) {
      n = this.used.length;
      this.map.set(old, n);
      this.used.push(old);
    }
    return n;
  }
}

interface SheetPlan {
  nmCol: number;
  dateCol: number;
  headerRow: number;
}

function excelDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial <= 0) return null;
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

/** Rewrites a kept row: new row number, remapped shared strings, column sums. */
function rewriteRow(row: string, newR: number, remap: StringRemap, sums: Map<number, number> | null): string {
  let out = row.replace(/^<row\b([^>]*?)\br="\d+"/, `<row$1r="${newR}"`);
  let pos = 0;
  out = out.replace(CELL, (all, attrs: string, inner: string | undefined) => {
    const r = ATTR_R.exec(attrs);
    const col = r ? colIndex(r[1]!) : pos;
    pos = col + 1;
    const a = r ? attrs.replace(ATTR_R, `r="${r[1]}${newR}"`) : attrs;
    if (inner === undefined) return `<c${a}/>`;
    const t = ATTR_T.exec(attrs)?.[1];
    let body = inner;
    if (t === 's') {
      body = inner.replace(VALUE, (_v, idx: string) => `<v>${remap.index(Number(idx))}</v>`);
    } else if (sums && (t === undefined || t === 'n')) {
      const v = VALUE.exec(inner)?.[1];
      if (v !== undefined) {
        const n = Number(v);
        if (Number.isFinite(n)) sums.set(col, (sums.get(col) ?? 0) + Math.round(n * 100));
      }
    }
    return `<c${a}>${body}</c>`;
  });
  return out;
}

/** The totals row with each numeric cell replaced by the sum of the kept rows (formulas dropped). */
function totalsRow(row: string, newR: number, remap: StringRemap, sums: Map<number, number>): string {
  let pos = 0;
  const out = row.replace(/^<row\b([^>]*?)\br="\d+"/, `<row$1r="${newR}"`);
  return out.replace(CELL, (all, attrs: string, inner: string | undefined) => {
    const r = ATTR_R.exec(attrs);
    const col = r ? colIndex(r[1]!) : pos;
    pos = col + 1;
    const a = r ? attrs.replace(ATTR_R, `r="${r[1]}${newR}"`) : attrs;
    if (inner === undefined) return `<c${a}/>`;
    const t = ATTR_T.exec(attrs)?.[1];
    if (t === 's')
      return `<c${a}>${inner.replace(VALUE, (_v, i: string) => `<v>${remap.index(Number(i))}</v>`)}</c>`;
    if (t === 'inlineStr' || t === 'str' || t === 'b' || t === 'e')
      return `<c${a}>${inner.replace(/<f\b[\s\S]*?(?:\/>|<\/f>)/, '')}</c>`;
    const sum = (sums.get(col) ?? 0) / 100;
    return `<c${a.replace(ATTR_T, '')}><v>${sum}</v></c>`;
  });
}

/** A sheet without an article column: numbers and id-like strings blanked, labels kept. */
function sanitizeRow(row: string, sst: SharedStrings, remap: StringRemap): string {
  return row.replace(CELL, (all, attrs: string, inner: string | undefined) => {
    if (inner === undefined) return all;
    const t = ATTR_T.exec(attrs)?.[1];
    const bare = attrs.replace(ATTR_T, '');
    if (t === 's') {
      const i = Number(VALUE.exec(inner)?.[1]);
      if (/\d{5,}/.test(sst.text(i))) return `<c${bare}/>`;
      return `<c${attrs}><v>${remap.index(i)}</v></c>`;
    }
    if (t === 'inlineStr' || t === 'str') return /\d{5,}/.test(xmlText(inner)) ? `<c${bare}/>` : all;
    return `<c${bare}/>`;
  });
}

function findPlan(row: string, rowNo: number, sst: SharedStrings): SheetPlan | null {
  let nmCol = -1;
  let dateCol = -1;
  for (const c of cellsOf(row)) {
    const text = cellText(c, sst);
    if (nmCol < 0 && isNmHeader(text)) nmCol = c.col;
    else if (dateCol < 0 && isDateHeader(text)) dateCol = c.col;
  }
  return nmCol < 0 ? null : { nmCol, dateCol, headerRow: rowNo };
}

export interface XlsxResult {
  bytes: Buffer;
  stats: FilterStats;
}

async function filterSheet(
  src: Uint8Array,
  entry: ZipEntry,
  out: ZipWriter,
  sst: SharedStrings,
  remap: StringRemap,
  visible: VisibleSet,
  stats: FilterStats,
): Promise<boolean> {
  const w = out.open(entry.name);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let phase: 'head' | 'rows' | 'tail' = 'head';
  let plan: SheetPlan | null = null;
  let scanned = 0;
  let newR = 0;
  let lastR = 0;
  const sums = new Map<number, number>();
  const pendingHead: string[] = [];
  let sanitize = false;

  const handleRow = (row: string) => {
    scanned++;
    const rNo = Number(/^<row\b[^>]*?\br="(\d+)"/.exec(row)?.[1] ?? scanned);
    if (!plan && !sanitize) {
      plan = findPlan(row, rNo, sst);
      if (!plan) {
        pendingHead.push(row);
        if (scanned >= 10) {
          sanitize = true;
          for (const r of pendingHead) w.write(sanitizeRow(r, sst, remap));
          pendingHead.length = 0;
        }
        return;
      }
      for (const r of pendingHead) {
        newR++;
        w.write(rewriteRow(r, newR, remap, null));
      }
      pendingHead.length = 0;
      newR++;
      w.write(rewriteRow(row, newR, remap, null));
      return;
    }
    if (sanitize) {
      w.write(sanitizeRow(row, sst, remap));
      return;
    }
    const p = plan!;
    let cells: Cell[] | null = null;
    const all = () => (cells ??= cellsOf(row));
    const byRef = (col: number) => {
      const c = cellByRef(row, col, rNo);
      return c === null ? all().find((x) => x.col === col) : c;
    };
    const nmCell = byRef(p.nmCol);
    const firstAt = row.indexOf('<c');
    let first = firstAt < 0 ? undefined : cells ? cells[0] : cellFrom(row, firstAt, 0);
    if (first && !cells) {
      const ref = ATTR_R.exec(first.attrs);
      first = { ...first, col: ref ? colIndex(ref[1]!) : 0 };
    }
    if (
      first &&
      first.col < p.nmCol &&
      TOTAL_LABELS.test(cellText(first, sst).trim()) &&
      !nmCell?.inner.includes('<v>')
    ) {
      newR++;
      lastR = newR;
      w.write(totalsRow(row, newR, remap, sums));
      return;
    }
    const nmText = nmCell ? cellText(nmCell, sst).trim() : '';
    if (!nmText && all().every((c) => !cellText(c, sst).trim())) return; // empty row
    const nm = /^\d{1,15}$/.test(nmText) ? Number(nmText) : null;
    let ok = nm !== null && nm > 0;
    if (ok) {
      const dateCell = p.dateCol >= 0 ? byRef(p.dateCol) : undefined;
      const dt = dateCell ? cellText(dateCell, sst).trim() : '';
      const date =
        /^\d{4}-\d{2}-\d{2}/.test(dt) || /^\d{2}\.\d{2}\.\d{4}/.test(dt)
          ? dt
          : dt && /^\d+(\.\d+)?$/.test(dt)
            ? excelDate(Number(dt))
            : null;
      const iso =
        date && /^\d{2}\.\d{2}\.\d{4}/.test(date)
          ? `${date.slice(6, 10)}-${date.slice(3, 5)}-${date.slice(0, 2)}`
          : date;
      ok = iso ? visible.visibleAt(nm!, iso) : visible.has(nm!);
    }
    if (!ok) {
      stats.removed++;
      return;
    }
    stats.kept++;
    newR++;
    lastR = newR;
    w.write(rewriteRow(row, newR, remap, sums));
  };

  const consume = (final: boolean) => {
    if (phase === 'head') {
      const i = carry.indexOf('<sheetData');
      if (i < 0) {
        if (final) {
          w.write(carry);
          carry = '';
        }
        return;
      }
      const close = carry.indexOf('>', i);
      if (close < 0) return;
      const selfClosed = carry[close - 1] === '/';
      w.write(carry.slice(0, close + 1).replace(/<dimension\b[^>]*\/>/, ''));
      carry = carry.slice(close + 1);
      phase = selfClosed ? 'tail' : 'rows';
    }
    if (phase === 'rows') {
      const end = carry.indexOf('</sheetData>');
      const limit = end >= 0 ? end : carry.lastIndexOf('</row>') + 6;
      if (limit <= 5 && end < 0) {
        // Rows without closing tags (self-closed) are handled when </sheetData> arrives.
        if (!final) return;
      }
      const chunk = carry.slice(0, Math.max(0, limit));
      ROW.lastIndex = 0;
      let m: RegExpExecArray | null;
      let consumed = 0;
      while ((m = ROW.exec(chunk))) {
        handleRow(m[0]);
        consumed = ROW.lastIndex;
      }
      if (end >= 0) {
        if (pendingHead.length) {
          sanitize = true;
          for (const r of pendingHead) w.write(sanitizeRow(r, sst, remap));
          pendingHead.length = 0;
        }
        carry = carry.slice(end);
        phase = 'tail';
      } else carry = carry.slice(consumed);
    }
    if (phase === 'tail' && final) {
      const last = Math.max(lastR, newR, 1);
      w.write(carry.replace(/(<autoFilter\b[^>]*\bref="[A-Z]+\d+:[A-Z]+)\d+"/, `$1${last}"`));
      carry = '';
    }
  };

  for await (const chunk of entryChunks(src, entry)) {
    carry += decoder.write(chunk);
    consume(false);
    if (carry.length > 64 << 20)
      throw new FilterError('FILTER_UNPARSEABLE', `xlsx: ${entry.name} has a row over 64 MB`);
  }
  carry += decoder.end();
  consume(true);
  if ((phase as string) !== 'tail')
    throw new FilterError('FILTER_UNPARSEABLE', `xlsx: ${entry.name} is not a worksheet (truncated?)`);
  w.close();
  return plan !== null;
}

/** Filters an xlsx (its bytes) for a manager. Throws FilterError when it cannot (no article column, broken). */
export async function filterXlsx(src: Uint8Array, visible: VisibleSet, level = 1): Promise<XlsxResult> {
  const entries = readZip(src);
  const byName = new Map(entries.map((e) => [e.name, e]));
  if (!byName.has('xl/workbook.xml')) throw new FilterError('FILTER_UNPARSEABLE', 'xlsx: no xl/workbook.xml');
  const sstEntry = byName.get('xl/sharedStrings.xml');
  const sst = parseSharedStrings(sstEntry ? (await entryBytes(src, sstEntry)).toString('utf8') : null);
  const remap = new StringRemap();
  const stats: FilterStats = { kept: 0, removed: 0 };
  const out = new ZipWriter(level);
  let withNm = 0;
  for (const e of entries) {
    if (e.name === 'xl/sharedStrings.xml' || e.name === 'xl/calcChain.xml') continue;
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) {
      if (await filterSheet(src, e, out, sst, remap, visible, stats)) withNm++;
    } else if (e.name === '[Content_Types].xml' || e.name === 'xl/_rels/workbook.xml.rels') {
      const xml = (await entryBytes(src, e)).toString('utf8');
      out.add(
        e.name,
        Buffer.from(xml.replace(/<(Override|Relationship)\b[^>]*calcChain[^>]*\/>/g, ''), 'utf8'),
      );
    } else out.copy(src, e);
  }
  if (withNm === 0)
    throw new FilterError(
      'FILTER_NO_NM_COLUMN',
      'xlsx: no sheet has an article column (Код номенклатуры, Артикул WB, …)',
    );
  if (sstEntry) {
    const w = out.open('xl/sharedStrings.xml');
    w.write(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${remap.used.length}" uniqueCount="${remap.used.length}">`,
    );
    for (const old of remap.used) w.write(`<si>${sst.raw[old] ?? ''}</si>`);
    w.write('</sst>');
    w.close();
  }
  return { bytes: out.finish(), stats };
}

export { colName };
