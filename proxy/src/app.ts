import type { Database } from '@joycity/db';
import { PORTAL_SESSION_CHECK_PATH } from '@joycity/shared/credentials';
import { databaseCheck, healthHandler, type HealthCheck } from '@joycity/shared/http';
import { Hono } from 'hono';
import { validateSessionHandler } from './internal/validate-session.ts';
import type { ProxyMetrics } from './ops/metrics.ts';
import type { Upstream } from './upstream/upstream.ts';

export interface ProxyAppDeps {
  db: Database;
  metrics?: ProxyMetrics;
  /** With both, `POST /internal/validate-session` is served. */
  upstream?: Upstream;
  internalSecret?: string;
  /** Extra readiness checks (coordinator, admin internal API). */
  readiness?: Record<string, HealthCheck>;
  /** False once a shutdown began: /readyz answers 503 so the load balancer stops sending. */
  isAccepting?: () => boolean;
}

/**
 * The proxy's own routes (never forwarded to WB): `/healthz` (liveness with the database), `/readyz`
 * (ready for traffic: dependencies up and not shutting down), `/metrics` (Prometheus) and the admin's
 * session check. Served on the base host and on the internal address.
 */
export function createProxyApp(deps: ProxyAppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', healthHandler('proxy', { database: databaseCheck(deps.db) }));
  const ready = healthHandler('proxy', {
    database: databaseCheck(deps.db),
    ...deps.readiness,
    accepting: () =>
      (deps.isAccepting?.() ?? true) ? Promise.resolve() : Promise.reject(new Error('shutting down')),
  });
  app.get('/readyz', ready);
  if (deps.metrics) {
    const { registry } = deps.metrics;
    app.get('/metrics', async (c) =>
      c.text(await registry.metrics(), 200, { 'content-type': registry.contentType }),
    );
  }
  if (deps.upstream && deps.internalSecret) {
    app.post(
      PORTAL_SESSION_CHECK_PATH,
      validateSessionHandler({ upstream: deps.upstream, secret: deps.internalSecret }),
    );
  }
  return app;
}
