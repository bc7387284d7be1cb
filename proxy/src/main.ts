// The proxy process: `npm start` runs it, so does the Docker image.
import path from 'node:path';
import { createDb } from '@joycity/db';
import { adminInternalUrl, dataDir } from '@joycity/shared/config';
import { createCoordinator } from '@joycity/shared/coordination';
import { onShutdown } from '@joycity/shared/http';
import { createLogger } from '@joycity/shared/logger';
import { loadProxyConfig } from './config.ts';
import { startProxyServer } from './server/proxy-server.ts';

const config = loadProxyConfig();
const logger = createLogger({
  service: 'proxy',
  level: config.LOG_LEVEL,
  pretty: config.NODE_ENV === 'development',
});
const db = createDb({ connectionString: config.DATABASE_URL, applicationName: 'proxy', role: 'app' });
const coordinator = await createCoordinator({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
// No `filter` passed: the nmId filter (issue 6) is always on in the proxy process.
const running = await startProxyServer(
  {
    config: {
      ...config,
      adminInternalUrl: adminInternalUrl(config),
      cacheDir:
        config.PROXY_CACHE_MAX_BYTES > 0
          ? (config.PROXY_CACHE_DIR ?? path.join(dataDir(), 'proxy-cache'))
          : undefined,
    },
    db,
    coordinator,
    logger,
  },
  { port: config.PROXY_PORT, ...(config.PROXY_HOST ? { hostname: config.PROXY_HOST } : {}) },
);
logger.info({ port: running.port, upstream: config.WB_UPSTREAM_OVERRIDE ?? 'WB' }, 'proxy listening');

onShutdown(logger, async () => {
  await running.close();
  await coordinator.close();
  await db.destroy();
});
