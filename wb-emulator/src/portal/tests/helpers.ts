import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';

/** Test helpers: read exports the way a client would. */

export interface Sheet {
  name: string;
  header: string[];
  rows: unknown[][];
}

/** Every worksheet of an xlsx: header row and data rows (cell values). */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as unknown[];
      rows.push(values.slice(1));
    });
    const [header = [], ...data] = rows;
    return { name: ws.name, header: header.map((v) => (typeof v === 'string' ? v : '')), rows: data };
  });
}

/** The single file inside a ZIP (name and bytes). */
export function unzipOne(bytes: Uint8Array): { name: string; bytes: Uint8Array } {
  const files = Object.entries(unzipSync(bytes));
  if (files.length !== 1) throw new Error(`expected one file in the zip, found ${files.length}`);
  const [name, content] = files[0] as [string, Uint8Array];
  return { name, bytes: content };
}

/** Kopecks of a rubles number (portal JSON money). */
export const kop = (v: unknown): number => Math.round(Number(v) * 100);

/** Every value under a key anywhere in a JSON value. */
export function valuesOfKey(value: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === key) out.push(x);
        walk(x);
      }
    }
  };
  walk(value);
  return out;
}
