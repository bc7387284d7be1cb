// The admin process: serves the platform API at /api and /healthz for the orchestrator.
import { createDb } from '@joycity/db';
import { createCoordinator } from '@joycity/shared/coordination';
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
const coordinator = await createCoordinator({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
const app = new Hono();
app.route('/', createApiApp({ db, coordinator, config, logger }));
app.get('/healthz', healthHandler('admin', { database: databaseCheck(db) }));
const server = await startServer({ fetch: app.fetch, port: config.ADMIN_PORT, logger });
logger.info({ port: server.port, coordination: coordinator.kind }, 'admin listening');

onShutdown(logger, async () => {
  await server.close();
  await coordinator.close();
  await db.destroy();
});
