import type { WorkerResult, WorkerTask } from '../lib/worker-client.ts';

/** The portal's worker: parses CSV exports and computes statistics off the main thread. */

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\ufeff/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function stats(values: number[]): WorkerResult {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = values.reduce((n, v) => n + v, 0);
  return {
    sum: Math.round(sum * 100) / 100,
    min: sorted[0] ?? 0,
    max: sorted.at(-1) ?? 0,
    mean: values.length ? Math.round((sum / values.length) * 100) / 100 : 0,
    median: sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0,
  };
}

/** The worker scope, typed narrowly (the DOM and WebWorker libraries cannot share one program). */
interface WorkerScope {
  onmessage: ((e: MessageEvent<{ id: number; task: WorkerTask }>) => void) | null;
  postMessage(message: unknown): void;
}
const scope = self as unknown as WorkerScope;
scope.onmessage = (e: MessageEvent<{ id: number; task: WorkerTask }>) => {
  const { id, task } = e.data;
  let result: WorkerResult;
  if (task.type === 'csv') {
    const [header = [], ...rows] = parseCsv(task.text);
    const col = header.indexOf(task.sumColumn);
    const values = col === -1 ? [] : rows.map((r) => Number((r[col] ?? '0').replace(',', '.')));
    result = { rows: rows.length, columns: header, ...stats(values) };
  } else {
    result = stats(task.values);
  }
  scope.postMessage({ id, result });
};
