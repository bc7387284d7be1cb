// The proxy process: `npm start` runs it, so does the Docker image.
import { createDb } from '@joycity/db';
import { createLogger } from '@joycity/shared/logger';
import { onShutdown, startServer } from '@joycity/shared/http';
import { createProxyApp } from './app.ts';
import { loadProxyConfig } from './config.ts';

const config = loadProxyConfig();
const logger = createLogger({
  service: 'proxy',
  level: config.LOG_LEVEL,
  pretty: config.NODE_ENV === 'development',
});
const db = createDb({ connectionString: config.DATABASE_URL, applicationName: 'proxy' });
const server = await startServer({ fetch: createProxyApp({ db }).fetch, port: config.PROXY_PORT, logger });
logger.info({ port: server.port }, 'proxy listening');

onShutdown(logger, async () => {
  await server.close();
  await db.destroy();
});
