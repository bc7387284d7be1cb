// The admin process: one Node server for the platform API (/api, Hono), the admin UI (Next.js) and /healthz.
import path from 'node:path';
import { createDb } from '@joycity/db';
import { dataDir } from '@joycity/shared/config';
import { createCoordinator } from '@joycity/shared/coordination';
import { createProxySessionValidator, type AccountValidators } from '@joycity/shared/credentials';
import { databaseCheck, healthHandler, onShutdown, startServer } from '@joycity/shared/http';
import { createLogger, registerSecretValue } from '@joycity/shared/logger';
import { createApiKeyValidator } from '@joycity/shared/wb';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import next from 'next';
import { createApiApp } from './api/app.ts';
import { createLocalAvatarStore, createS3AvatarStore } from './api/storage/avatar-store.ts';
import { loadAdminConfig } from './config.ts';
import { pageHandler } from './server/pages.ts';
import { ADMIN_DIR, ensureUiBuild } from './server/ui-build.ts';
import { API_BRIDGE, type ApiBridge } from './web/bridge.ts';

const config = loadAdminConfig();
const logger = createLogger({
  service: 'admin',
  level: config.LOG_LEVEL,
  pretty: config.NODE_ENV === 'development',
});
registerSecretValue(config.S3_SECRET_ACCESS_KEY);

const dev = config.ADMIN_UI === 'dev';
if (!dev) await ensureUiBuild((line) => logger.info(line));

const db = createDb({ connectionString: config.DATABASE_URL, applicationName: 'admin' });
const coordinator = await createCoordinator({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
const avatarStore = config.S3_BUCKET
  ? createS3AvatarStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    })
  : createLocalAvatarStore(path.join(dataDir(), 'avatars'));

// Live credential checks. The portal session is checked by the proxy; the API key's decode checks run in the
// account service, then one live /ping (shared/src/wb/check-api-key.ts).
const accountValidators: AccountValidators = {
  apiKey: createApiKeyValidator({ upstreamOverride: config.WB_UPSTREAM_OVERRIDE }),
  ...(config.PROXY_INTERNAL_URL
    ? {
        portalSession: createProxySessionValidator({
          baseUrl: config.PROXY_INTERNAL_URL,
          secret: config.INTERNAL_API_SECRET,
        }),
      }
    : {}),
};

// ONE API app per process: each instance subscribes to pub/sub for session revocations.
const api = createApiApp({ db, coordinator, config, logger, avatarStore, accountValidators });
const bridge: ApiBridge = {
  fetch: async (request, clientIp) =>
    api.fetch(request, { incoming: { socket: { remoteAddress: clientIp ?? undefined } } }),
};
(globalThis as Record<symbol, unknown>)[API_BRIDGE] = bridge;

// Next.js and its plugins resolve some paths from the working directory (next-intl's request config); `npm start`
// runs us from the repository root. Everything that reads DATA_DIR has resolved it by now.
process.chdir(ADMIN_DIR);
const nextApp = next({ dev, dir: ADMIN_DIR, quiet: !dev });
await nextApp.prepare();
const handle = nextApp.getRequestHandler();

const app = new Hono<{ Bindings: HttpBindings }>();
app.get('/healthz', healthHandler('admin', { database: databaseCheck(db) }));
app.all('/api/*', (c) => api.fetch(c.req.raw, c.env));
app.all('*', pageHandler({ api: (req, env) => api.fetch(req, env), handle: (req, res) => handle(req, res) }));

const server = await startServer({
  fetch: app.fetch,
  port: config.ADMIN_PORT,
  ...(config.ADMIN_HOST ? { hostname: config.ADMIN_HOST } : {}),
  logger,
});
logger.info(
  { port: server.port, coordination: coordinator.kind, avatars: avatarStore.kind, ui: dev ? 'dev' : 'build' },
  'admin listening',
);

onShutdown(logger, async () => {
  await server.close();
  await nextApp.close();
  await coordinator.close();
  await db.destroy();
});
