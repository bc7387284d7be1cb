import { FilterError } from '../filter/errors.ts';
import type { FilterStats } from '../filter/deep-filter.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';
import { filterCsv } from './csv-filter.ts';
import { filterXlsx } from './xlsx-filter.ts';
import { ZipWriter, entryBytes, isZip, readZip } from './zip.ts';

export type ExportKind = 'xlsx' | 'zip' | 'csv';

/** What a file is: an xlsx (a ZIP with xl/workbook.xml), another ZIP, or text (CSV). */
export function detectExport(bytes: Uint8Array): ExportKind {
  if (!isZip(bytes)) return 'csv';
  const entries = readZip(bytes);
  return entries.some((e) => e.name === 'xl/workbook.xml') ? 'xlsx' : 'zip';
}

/**
 * Filters an exported file of any wrapping: raw xlsx, a ZIP of xlsx/csv files (each filtered), or CSV. Fails
 * closed: a file it cannot read, or one with no article column, throws {@link FilterError}.
 */
export async function filterExport(
  bytes: Uint8Array,
  visible: VisibleSet,
  expected?: ExportKind,
): Promise<{ bytes: Buffer; stats: FilterStats; kind: ExportKind }> {
  const kind = detectExport(bytes);
  if (expected && expected !== kind && !(expected === 'xlsx' && kind === 'zip'))
    throw new FilterError('FILTER_WRONG_CONTENT_TYPE', `export: expected ${expected}, got ${kind}`);
  if (kind === 'xlsx') return { ...(await filterXlsx(bytes, visible)), kind };
  if (kind === 'csv') return { ...filterCsv(bytes, visible), kind };
  const stats: FilterStats = { kept: 0, removed: 0 };
  const out = new ZipWriter(1);
  let files = 0;
  for (const e of readZip(bytes)) {
    if (e.name.endsWith('/')) continue;
    const inner = await entryBytes(bytes, e);
    if (/\.(xlsx|csv)$/i.test(e.name) || isZip(inner)) {
      const r = await filterExport(inner, visible);
      stats.kept += r.stats.kept;
      stats.removed += r.stats.removed;
      out.add(e.name, r.bytes);
      files++;
    } else throw new FilterError('FILTER_UNPARSEABLE', `zip: cannot filter ${e.name}`);
  }
  if (files === 0) throw new FilterError('FILTER_NO_NM_COLUMN', 'zip: no file to filter');
  return { bytes: out.finish(), stats, kind };
}
