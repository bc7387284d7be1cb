import { sql, type Database } from '@joycity/db';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MethodGroup } from './wb/method-limits.ts';

/**
 * Prometheus metrics of the worker (served at /metrics on SYNC_WORKER_PORT): WB answers by method group and
 * status, passes and rows per dataset, pass durations, and — read from the database on each scrape — the lag
 * since each (account, dataset)'s last success and whether its lease is held.
 */
export function createSyncMetrics(db: Database, options: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });
  const wbResponses = new Counter({
    name: 'sync_wb_responses_total',
    help: 'WB answers by method group and HTTP status (error = no answer)',
    labelNames: ['group', 'status'],
    registers: [registry],
  });
  const passes = new Counter({
    name: 'sync_passes_total',
    help: 'Sync passes by dataset and outcome',
    labelNames: ['dataset', 'status'],
    registers: [registry],
  });
  const rows = new Counter({
    name: 'sync_rows_written_total',
    help: 'Rows inserted or updated by dataset',
    labelNames: ['dataset'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'sync_pass_duration_seconds',
    help: 'Duration of sync passes',
    labelNames: ['dataset'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
  });
  new Gauge({
    name: 'sync_lag_seconds',
    help: 'Seconds since the last successful pass of each account and dataset (-1: never)',
    labelNames: ['account', 'dataset'],
    registers: [registry],
    async collect() {
      this.reset();
      // A scrape must not fail because the database is briefly away; the gauge is simply empty then.
      const result = await sql<{ account_id: number; dataset: string; lag: number | null }>`
        SELECT account_id, dataset, extract(epoch FROM now() - last_success_at)::float8 AS lag FROM sync_state`
        .execute(db)
        .catch(() => undefined);
      for (const s of result?.rows ?? [])
        this.set({ account: String(s.account_id), dataset: s.dataset }, s.lag ?? -1);
    },
  });
  return {
    registry,
    onResponse: (group: MethodGroup, status: number | 'error') =>
      wbResponses.inc({ group, status: String(status) }),
    onPass: (dataset: string, status: 'succeeded' | 'failed', ms: number, written: number) => {
      passes.inc({ dataset, status });
      rows.inc({ dataset }, written);
      duration.observe({ dataset }, ms / 1000);
    },
  };
}

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;
