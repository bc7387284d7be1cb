import ExcelJS from 'exceljs';

/**
 * The assignment spreadsheet: one row per (manager email, nmId). Headers are found by name in Russian or
 * English on the first row ("Email"/"Почта", "nmId"/"Артикул WB"/"Код номенклатуры"); without recognisable
 * headers the first two columns are read as email and nmId.
 */

export const MAX_IMPORT_ROWS = 100_000;

export interface RawImportRow {
  row: number;
  email: string | null;
  /** The nmId cell as found: a number, or the text when it is not a whole number. */
  nm: number | string | null;
}

export class ImportFileError extends Error {
  readonly code: 'IMPORT_FILE_UNREADABLE' | 'IMPORT_FILE_EMPTY' | 'IMPORT_FILE_TOO_LARGE';
  constructor(code: ImportFileError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const EMAIL_HEADERS = /^(e-?mail|почта|электронная почта|email менеджера|менеджер \(email\))$/i;
const NM_HEADERS = /^(nm ?id|nm|артикул( wb)?|код номенклатуры|wb item no\.?|article)$/i;

/** The text of a cell whatever exceljs made of it (rich text, hyperlink, formula result, number). */
export function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value)
      return (
        value.richText
          .map((r) => r.text)
          .join('')
          .trim() || null
      );
    if ('text' in value && typeof value.text === 'string')
      return value.text.replace(/^mailto:/i, '').trim() || null;
    if ('result' in value) return cellText(value.result);
    if ('error' in value) return null;
  }
  return null;
}

function nmOf(value: ExcelJS.CellValue): number | string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : String(value);
  const text = cellText(value);
  if (text === null) return null;
  const compact = text.replace(/[\s\u00a0]/g, '');
  return /^\d{1,16}$/.test(compact) && Number.isSafeInteger(Number(compact)) ? Number(compact) : text;
}

/** Reads the rows of the first worksheet. Throws {@link ImportFileError} for files that are not workbooks. */
export async function readImportFile(bytes: Buffer): Promise<RawImportRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError('IMPORT_FILE_UNREADABLE', 'The file is not an Excel workbook (.xlsx)');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0)
    throw new ImportFileError('IMPORT_FILE_EMPTY', 'The workbook is empty');
  let emailCol = 1;
  let nmCol = 2;
  let firstDataRow = 1;
  const header = sheet.getRow(1);
  header.eachCell((cell, col) => {
    const text = cellText(cell.value);
    if (!text) return;
    if (EMAIL_HEADERS.test(text)) {
      emailCol = col;
      firstDataRow = 2;
    } else if (NM_HEADERS.test(text)) {
      nmCol = col;
      firstDataRow = 2;
    }
  });
  const rows: RawImportRow[] = [];
  for (let r = firstDataRow; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const email = cellText(row.getCell(emailCol).value);
    const nm = nmOf(row.getCell(nmCol).value);
    if (email === null && nm === null) continue;
    rows.push({ row: r, email, nm });
    if (rows.length > MAX_IMPORT_ROWS) {
      throw new ImportFileError('IMPORT_FILE_TOO_LARGE', `The file has more than ${MAX_IMPORT_ROWS} rows`);
    }
  }
  if (rows.length === 0) throw new ImportFileError('IMPORT_FILE_EMPTY', 'The workbook has no data rows');
  return rows;
}

export interface SheetColumn {
  header: string;
  key: string;
  width: number;
}

/** Builds a one-sheet workbook with a bold, frozen header row. */
export async function buildWorkbook(
  sheetName: string,
  columns: SheetColumn[],
  rows: Array<Record<string, string | number | null>>,
  notes?: { sheetName: string; lines: string[] },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'JoyCity Platform';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  if (notes) {
    const help = workbook.addWorksheet(notes.sheetName);
    help.getColumn(1).width = 100;
    for (const line of notes.lines) help.addRow([line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
