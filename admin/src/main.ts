// The admin process: serves the platform API at /api and /healthz for the orchestrator.
import { createDb } from '@joycity/db';
import { createLogger } from '@joycity/shared/logger';
import { databaseCheck, healthHandler, onShutdown, startServer } from '@joycity/shared/http';
import { Hono } from 'hono';
import { createApiApp } from './api/app.ts';
import { loadAdminConfig } from './config.ts';

const config = loadAdminConfig();
const logger = createLogger({
  service: 'admin',
  level: config.LOG_LEVEL,
  pretty: config.NODE_ENV === 'development',
});
const db = createDb({ connectionString: config.DATABASE_URL, applicationName: 'admin' });
const app = new Hono();
app.route('/', createApiApp({ db }));
app.get('/healthz', healthHandler('admin', { database: databaseCheck(db) }));
const server = await startServer({ fetch: app.fetch, port: config.ADMIN_PORT, logger });
logger.info({ port: server.port }, 'admin listening');

onShutdown(logger, async () => {
  await server.close();
  await db.destroy();
});
