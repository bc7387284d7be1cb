import type { Database } from '@joycity/db';
import { databaseCheck, healthHandler } from '@joycity/shared/http';
import { Hono } from 'hono';

export interface ApiDeps {
  db: Database;
}

/** The platform API, served under /api. */
export function createApiApp(deps: ApiDeps): Hono {
  const api = new Hono().basePath('/api');
  api.get('/healthz', healthHandler('admin-api', { database: databaseCheck(deps.db) }));
  return api;
}
