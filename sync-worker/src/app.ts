import type { Database } from '@joycity/db';
import { databaseCheck, healthHandler } from '@joycity/shared/http';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';

/** The worker's small HTTP surface for the orchestrator: health, and Prometheus metrics. */
export function createSyncWorkerApp(deps: { db: Database; registry?: Registry }): Hono {
  const app = new Hono();
  app.get('/healthz', healthHandler('sync-worker', { database: databaseCheck(deps.db) }));
  const registry = deps.registry;
  if (registry) {
    app.get('/metrics', async (c) =>
      c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }),
    );
  }
  return app;
}
