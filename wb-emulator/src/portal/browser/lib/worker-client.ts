import { setCheck } from './status.ts';

/** Tasks the Web Worker runs (see shell/worker.ts). */
export type WorkerTask =
  { type: 'csv'; text: string; sumColumn: string } | { type: 'stats'; values: number[] };

export interface WorkerResult {
  rows?: number;
  columns?: string[];
  sum?: number;
  min?: number;
  max?: number;
  mean?: number;
  median?: number;
}

let worker: Worker | undefined;
let seq = 0;
const pending = new Map<number, (r: WorkerResult) => void>();

function instance(): Worker {
  if (worker) return worker;
  const config = (window as unknown as { __WB_CONFIG__: { assets: { worker: string } } }).__WB_CONFIG__;
  worker = new Worker(new URL(config.assets.worker, location.href), {
    type: 'module',
    name: 'wb-portal-worker',
  });
  worker.onmessage = (e: MessageEvent<{ id: number; result: WorkerResult }>) => {
    pending.get(e.data.id)?.(e.data.result);
    pending.delete(e.data.id);
  };
  worker.onerror = (e) => setCheck('worker', 'fail', e.message);
  return worker;
}

/** Runs a task off the main thread. */
export function inWorker(task: WorkerTask): Promise<WorkerResult> {
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, (r) => {
      setCheck(
        'worker',
        'ok',
        task.type === 'csv' ? `CSV: ${r.rows ?? 0} строк` : `статистика по ${task.values.length} значениям`,
      );
      resolve(r);
    });
    instance().postMessage({ id, task });
  });
}
