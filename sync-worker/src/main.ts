// The sync worker process: `npm start` runs it, so does the Docker image.
import { createDb } from '@joycity/db';
import { createLogger } from '@joycity/shared/logger';
import { onShutdown, startServer } from '@joycity/shared/http';
import { createSyncWorkerApp } from './app.ts';
import { loadSyncWorkerConfig } from './config.ts';

const config = loadSyncWorkerConfig();
const logger = createLogger({
  service: 'sync-worker',
  level: config.LOG_LEVEL,
  pretty: config.NODE_ENV === 'development',
});
const db = createDb({ connectionString: config.DATABASE_URL, applicationName: 'sync-worker' });
const server = await startServer({
  fetch: createSyncWorkerApp({ db }).fetch,
  port: config.SYNC_WORKER_PORT,
  logger,
});
logger.info({ port: server.port }, 'sync worker listening (health only)');

onShutdown(logger, async () => {
  await server.close();
  await db.destroy();
});
