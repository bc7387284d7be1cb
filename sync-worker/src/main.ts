// The sync worker process: `npm start` runs it, so does the Docker image.
import { createLogger } from '@joycity/shared/logger';
import { onShutdown, startServer } from '@joycity/shared/http';
import { createSyncWorkerApp } from './app.ts';
import { openSyncDeps } from './build-deps.ts';
import { loadSyncWorkerConfig } from './config.ts';
import { createSyncMetrics } from './metrics.ts';
import { runWorkerLoop } from './worker-loop.ts';

const config = loadSyncWorkerConfig();
const logger = createLogger({
  service: 'sync-worker',
  level: config.LOG_LEVEL,
  pretty: config.NODE_ENV === 'development',
});
const deps = await openSyncDeps(config, logger);
const metrics = createSyncMetrics(deps.db);
const server = await startServer({
  fetch: createSyncWorkerApp({ db: deps.db, registry: metrics.registry }).fetch,
  port: config.SYNC_WORKER_PORT,
  logger,
});
logger.info({ port: server.port, workerId: deps.workerId }, 'sync worker listening (health, metrics)');

const stop = new AbortController();
const loop = runWorkerLoop(
  { ...deps, metrics },
  { concurrency: config.SYNC_CONCURRENCY, pollMs: config.SYNC_POLL_MS, signal: stop.signal },
);

onShutdown(logger, async () => {
  stop.abort();
  await loop;
  await server.close();
  await deps.close();
});
