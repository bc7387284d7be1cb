import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@joycity/db';
import { authCookieSettings, createAuthenticator, createSessionCache } from '@joycity/shared/auth';
import { publicOrigins } from '@joycity/shared/config';
import { subscribeEvent, type Coordinator } from '@joycity/shared/coordination';
import { createSecretBox } from '@joycity/shared/crypto';
import type { HealthCheck } from '@joycity/shared/http';
import { createInternalApiClient } from '@joycity/shared/internal-api';
import type { Logger } from '@joycity/shared/logger';
import { getRequestListener } from '@hono/node-server';
import { createProxyApp } from '../app.ts';
import { createAuthGate } from '../auth/gate.ts';
import { createDiskStaticCache } from '../cache/static-cache.ts';
import type { ProxyConfig } from '../config.ts';
import { createHostMap } from '../hosts/host-map.ts';
import { createProxyMetrics } from '../ops/metrics.ts';
import { createFilterEngine } from '../filter/engine.ts';
import type { FilterExtension } from '../pipeline/extension.ts';
import { createPipeline } from '../pipeline/handler.ts';
import { createRewriter } from '../pipeline/rewriter.ts';
import { createLocalAnswers } from '../session/local-answers.ts';
import { createPortalSessionStore } from '../session/portal-sessions.ts';
import { createSessionRefresher } from '../session/refresher.ts';
import { createUpstream } from '../upstream/upstream.ts';
import { createVisibleSetProvider } from '../visibility/provider.ts';
import { createUpgradeHandler } from '../ws/upgrade.ts';
import { createNmFilter } from '../pipeline/nm-filter.ts';

export type ProxyServerConfig = Pick<
  ProxyConfig,
  | 'NODE_ENV'
  | 'APP_DOMAIN'
  | 'PUBLIC_SCHEME'
  | 'PROXY_PORT'
  | 'ADMIN_PORT'
  | 'WB_UPSTREAM_OVERRIDE'
  | 'TRUSTED_PROXY_HOPS'
  | 'APP_ENCRYPTION_KEY'
  | 'INTERNAL_API_SECRET'
  | 'JWT_ACCESS_SECRET'
  | 'PROXY_UPSTREAM_CONNECT_TIMEOUT_MS'
  | 'PROXY_UPSTREAM_HEADERS_TIMEOUT_MS'
  | 'PROXY_UPSTREAM_BODY_TIMEOUT_MS'
  | 'PROXY_MAX_BUFFERED_BYTES'
  | 'PROXY_CACHE_MAX_BYTES'
  | 'PROXY_SESSION_CACHE_MS'
> & {
  PROXY_PUBLIC_PORT?: number | undefined;
  /** The admin's internal API base URL (ADMIN_INTERNAL_URL or the local admin). */
  adminInternalUrl: string;
  /** Where static assets are cached; none: no cache. */
  cacheDir?: string | undefined;
};

export interface ProxyServerDeps {
  config: ProxyServerConfig;
  db: Database;
  coordinator: Coordinator;
  logger: Logger;
  /**
   * The response filter. Default (production): the nmId filter — every manager's request and answer cut to
   * their assigned articles. Only tests of the transport alone pass `NO_FILTERING` or their own.
   */
  filter?: FilterExtension<unknown>;
}

export interface RunningProxy {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting (readyz turns 503), drains in-flight requests up to `drainMs`, then closes the rest. */
  close(drainMs?: number): Promise<void>;
}

/**
 * The proxy process's server: one node HTTP server for every public host. Requests to a WB public host go
 * through the pipeline (and WebSocket upgrades through the same gate); the proxy's own routes (`/healthz`,
 * `/readyz`, `/metrics`) answer on the base host and on any non-WB host (the internal address), where the
 * admin's `POST /internal/validate-session` is served too.
 */
export async function startProxyServer(
  deps: ProxyServerDeps,
  listen: { port: number; hostname?: string },
): Promise<RunningProxy> {
  const { config, logger } = deps;
  const origins = publicOrigins(config);
  const proxyOrigin = config.PROXY_PUBLIC_PORT
    ? `${config.PUBLIC_SCHEME}://wb-seller.${config.APP_DOMAIN}:${config.PROXY_PUBLIC_PORT}`
    : origins.proxy;
  const hostMap = createHostMap({ appDomain: config.APP_DOMAIN, publicOrigin: proxyOrigin });
  const metrics = createProxyMetrics();
  const upstream = createUpstream({
    override: config.WB_UPSTREAM_OVERRIDE,
    connectTimeoutMs: config.PROXY_UPSTREAM_CONNECT_TIMEOUT_MS,
    headersTimeoutMs: config.PROXY_UPSTREAM_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: config.PROXY_UPSTREAM_BODY_TIMEOUT_MS,
  });
  const internal = createInternalApiClient({
    baseUrl: config.adminInternalUrl,
    secret: config.INTERNAL_API_SECRET,
    clientName: 'proxy',
  });
  const sessionCache = await createSessionCache({
    db: deps.db,
    coordinator: deps.coordinator,
    onError: (err) => logger.warn({ err }, 'session cache background work failed'),
  });
  const gate = createAuthGate({
    authenticator: createAuthenticator({
      accessSecret: config.JWT_ACCESS_SECRET,
      sessions: sessionCache,
      verifiedTokenMemo: 10_000,
    }),
    internal,
    cookies: authCookieSettings(config),
  });
  const sessions = createPortalSessionStore({
    internal,
    coordinator: deps.coordinator,
    box: createSecretBox(config.APP_ENCRYPTION_KEY),
    ttlMs: config.PROXY_SESSION_CACHE_MS,
  });
  const unsubscribe = await subscribeEvent(deps.coordinator, 'accounts.changed', (event) => {
    void sessions.forget(event.accountId).catch(() => undefined);
  });
  const refresher = createSessionRefresher({
    store: sessions,
    coordinator: deps.coordinator,
    upstream,
    logger,
  });
  const local = createLocalAnswers({ store: sessions, refresher, upstream, logger });
  // The nmId filter is on unless a caller passes its own (tests of the transport): no switch turns it off.
  const visibleSets = deps.filter
    ? undefined
    : createVisibleSetProvider({ db: deps.db, coordinator: deps.coordinator, logger });
  await visibleSets?.start();
  const filter =
    deps.filter ??
    createNmFilter({
      engine: createFilterEngine({ db: deps.db, logger, registry: metrics.registry }),
      visibleSets: visibleSets!,
      logger,
    });
  const rewriter = createRewriter(hostMap);
  const pipeline = createPipeline({
    hostMap,
    upstream,
    gate,
    sessions,
    refresher,
    local,
    rewriter,
    filter,
    cache: config.cacheDir
      ? createDiskStaticCache({ dir: config.cacheDir, maxBytes: config.PROXY_CACHE_MAX_BYTES })
      : undefined,
    metrics,
    logger,
    db: deps.db,
    adminOrigin: origins.admin,
    appDomain: config.APP_DOMAIN,
    maxBufferedBytes: config.PROXY_MAX_BUFFERED_BYTES,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
  });

  let accepting = true;
  const readiness: Record<string, HealthCheck> = {
    coordinator: async () => {
      await deps.coordinator.cacheGet('proxy:readyz');
    },
  };
  const ops = getRequestListener(
    createProxyApp({
      db: deps.db,
      metrics,
      upstream,
      internalSecret: config.INTERNAL_API_SECRET,
      readiness,
      isAccepting: () => accepting,
    }).fetch,
  );
  const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const host = String(req.headers.host ?? '');
    const entry = hostMap.wbHostFor(host);
    if (entry) {
      const path = (req.url ?? '/').split('?')[0]!;
      if (entry.host === 'seller.wildberries.ru' && OPS_PATHS.has(path)) void ops(req, res);
      else pipeline.handle(req, res, entry);
      return;
    }
    // The internal address (not one of our public hosts): the ops routes and the admin's session check.
    if (!hostMap.isPublicHost(host)) {
      void ops(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('unknown host');
  };

  const server = createServer(
    { keepAliveTimeout: 95_000, requestTimeout: 0, headersTimeout: 60_000 },
    onRequest,
  );
  const upgrade = createUpgradeHandler({
    hostMap,
    upstream,
    gate,
    sessions,
    metrics,
    logger,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    filter,
    rewriter,
  });
  server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close(drainMs = 10_000) {
      closing ??= (async () => {
        accepting = false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            logger.warn('drain timeout reached; closing remaining connections');
            server.closeAllConnections();
          }, drainMs);
          timer.unref();
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
          server.closeIdleConnections();
        });
        await unsubscribe();
        await visibleSets?.stop();
        await sessionCache.close();
        await upstream.close();
      })();
      return closing;
    },
  };
}
