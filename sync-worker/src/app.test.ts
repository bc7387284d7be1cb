import { createDb } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncWorkerApp } from './app.ts';
import { createSyncMetrics } from './metrics.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

describe('sync-worker health', () => {
  it('answers 200 when the database answers', async () => {
    const res = await createSyncWorkerApp({ db: tdb.connect() }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      service: 'sync-worker',
      checks: { database: 'ok' },
    });
  });

  it('answers 503 naming the failing check when the database is unreachable', async () => {
    const db = createDb({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const res = await createSyncWorkerApp({ db }).request('/healthz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unhealthy');
    expect(body.checks.database).toMatch(/ECONNREFUSED|connect/);
    await db.destroy();
  });

  it('serves Prometheus metrics, the lag of every (account, dataset) read at scrape time', async () => {
    const db = tdb.connect();
    const metrics = createSyncMetrics(db, { defaults: false });
    metrics.onResponse('finance', 429);
    metrics.onPass('finance', 'succeeded', 1200, 42);
    const res = await createSyncWorkerApp({ db, registry: metrics.registry }).request('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('sync_wb_responses_total{group="finance",status="429"} 1');
    expect(text).toContain('sync_rows_written_total{dataset="finance"} 42');
    expect(text).toContain('# TYPE sync_lag_seconds gauge');
  });
});
