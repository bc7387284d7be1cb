import type { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { requires, type AccessPolicies } from '../access.ts';
import type { ApiEnv } from '../context.ts';

/**
 * The OpenAPI document and Swagger UI, for holders of `swagger.view` (the SWAGGER role) only. "Try it out"
 * works with the browser's session cookies; the UI adds the CSRF header from the CSRF cookie.
 */
export function registerDocs(api: OpenAPIHono<ApiEnv>, policies: AccessPolicies, basePath: string): void {
  const docPath = `${basePath}/openapi.json`;
  const uiPath = `${basePath}/swagger-ui`;
  policies.setPolicy('GET', docPath, requires('swagger.view'));
  policies.setPolicy('GET', uiPath, requires('swagger.view'));

  api.openAPIRegistry.registerComponent('securitySchemes', 'accessCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'jc_access',
    description:
      'The access token cookie set by `POST /api/auth/login` (`__Secure-jc_access` over https). Unsafe methods ' +
      'also need `Origin` equal to the admin origin and `x-csrf-token` equal to the `jc_csrf` cookie.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'internalSecret', {
    type: 'http',
    scheme: 'bearer',
    description: 'INTERNAL_API_SECRET. Internal services only.',
  });

  api.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'JoyCity Platform API',
      version: '1.0.0',
      description:
        'Errors always have the shape `{"error":{"code","message","details"?,"requestId"?}}`; match on `code`.',
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));

  api.get(
    '/swagger-ui',
    swaggerUI({
      url: docPath,
      title: 'JoyCity Platform API',
      persistAuthorization: false,
      requestInterceptor: `(req) => {
        const m = document.cookie.match(/(?:^|; )(?:__Host-)?jc_csrf=([^;]+)/);
        if (m) req.headers['x-csrf-token'] = decodeURIComponent(m[1]);
        return req;
      }`,
    }),
  );
}
