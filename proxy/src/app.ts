import type { Database } from '@joycity/db';
import { databaseCheck, healthHandler } from '@joycity/shared/http';
import { Hono } from 'hono';

export interface ProxyAppDeps {
  db: Database;
}

/** The proxy's Hono app. Operational routes first; the WB portal routes are mounted behind them. */
export function createProxyApp(deps: ProxyAppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', healthHandler('proxy', { database: databaseCheck(deps.db) }));
  return app;
}
