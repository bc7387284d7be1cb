import type { Database } from '@joycity/db';
import { databaseCheck, healthHandler } from '@joycity/shared/http';
import { Hono } from 'hono';

/** The worker's small HTTP surface: health (and, later, metrics) for the orchestrator. */
export function createSyncWorkerApp(deps: { db: Database }): Hono {
  const app = new Hono();
  app.get('/healthz', healthHandler('sync-worker', { database: databaseCheck(deps.db) }));
  return app;
}
