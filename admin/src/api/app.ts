import { OpenAPIHono } from '@hono/zod-openapi';
import { databaseCheck, healthHandler } from '@joycity/shared/http';
import type { Context, Next } from 'hono';
import type { BlankSchema } from 'hono/types';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { AccessPolicies, PUBLIC } from './access.ts';
import { accessControl } from './access-control.ts';
import { clientIp } from './auth/client-info.ts';
import type { ApiDeps, ApiEnv } from './context.ts';
import { createErrorHandler, errorBody, notFound, validationHook } from './errors.ts';
import { registerAccountRoutes } from './routes/accounts.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerDocs } from './routes/docs.ts';
import { registerInternalRoutes } from './routes/internal.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerUserRoutes } from './routes/users.ts';
import { registerAssignmentRoutes, IMPORT_MAX_BYTES, IMPORT_UPLOAD_PATH } from './routes/assignments.ts';
import { registerAvatarRoutes } from './routes/avatars.ts';
import { registerProxyRouteRoutes } from './routes/proxy-routes.ts';
import { registerSyncRoutes } from './routes/sync.ts';
import { createServices } from './services.ts';

export const API_BASE_PATH = '/api';

export type ApiApp = OpenAPIHono<ApiEnv, BlankSchema, typeof API_BASE_PATH>;

/**
 * The platform API: a plain Hono app (with @hono/zod-openapi) serving everything under `/api`. It takes all
 * its dependencies, so it runs on its own (tests start it on port 0; `admin/src/main.ts` serves it) and the
 * Next.js admin mounts it unchanged from a route handler: `export const GET = (req) => api.fetch(req)`.
 *
 * Every route is declared with an access policy, and one middleware enforces them all (access-control.ts).
 *
 * @example
 * const api = createApiApp({ db, coordinator, config, logger });
 * const server = await startServer({ fetch: api.fetch, port: 0 });
 */
export function createApiApp(deps: ApiDeps): ApiApp {
  const services = createServices(deps);
  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook }).basePath(API_BASE_PATH);
  const policies = new AccessPolicies(() => api, API_BASE_PATH);

  api.onError(createErrorHandler(deps.logger));
  api.notFound(notFound);
  api.use('*', requestId());
  api.use('*', async function requestContext(c: Context<ApiEnv>, next: Next) {
    c.set('clientIp', clientIp(c, deps.config.TRUSTED_PROXY_HOPS));
    c.set('principal', undefined);
    const started = performance.now();
    await next();
    // Routes that are cacheable (content-addressed avatars, Swagger assets) say so themselves.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    deps.logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        userId: c.get('principal')?.userId,
        ip: c.get('clientIp'),
      },
      'api request',
    );
  });
  api.use('*', accessControl(services, policies));
  // Nothing the API takes comes near 1 MB (a portal session with 200 large cookies stays well under it), except
  // an Excel import of assignments, which gets 20 MB.
  const tooLarge = (limit: string) => (c: Context<ApiEnv>) =>
    c.json(errorBody(c, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit}`), 413);
  const smallBodies = bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge('1 MB') });
  const importBodies = bodyLimit({ maxSize: IMPORT_MAX_BYTES, onError: tooLarge('20 MB') });
  api.use('*', function limitBody(c: Context<ApiEnv, string>, next: Next) {
    return c.req.method === 'POST' && c.req.path === IMPORT_UPLOAD_PATH
      ? importBodies(c, next)
      : smallBodies(c, next);
  });

  policies.setPolicy('GET', `${API_BASE_PATH}/healthz`, PUBLIC);
  api.get('/healthz', healthHandler('admin-api', { database: databaseCheck(deps.db) }));
  registerAuthRoutes(api, services);
  registerSessionRoutes(api, services);
  registerUserRoutes(api, services);
  registerAccountRoutes(api, services);
  registerAuditRoutes(api, services);
  registerAvatarRoutes(api, services);
  registerAssignmentRoutes(api, services);
  registerSyncRoutes(api, services);
  registerProxyRouteRoutes(api, services);
  registerInternalRoutes(api, services);
  registerDocs(api, policies, API_BASE_PATH);
  return api;
}
