import type { OpenAPIHono } from '@hono/zod-openapi';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { swaggerUI } from '@hono/swagger-ui';
import { apiError } from '../errors.ts';
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

  // Swagger UI's script and styles come from the swagger-ui-dist package, served here: no CDN (this machine is
  // offline, and production allows no third-party scripts).
  const assetsPath = `${uiPath}/assets`;
  const assetDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const ASSETS: Record<string, string> = {
    'swagger-ui.css': 'text/css; charset=utf-8',
    'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  };
  const cache = new Map<string, Buffer>();
  policies.setPolicy('GET', `${assetsPath}/swagger-ui-dist/:file`, requires('swagger.view'));
  api.get('/swagger-ui/assets/swagger-ui-dist/:file', async (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) throw apiError(404, 'NOT_FOUND', 'No such asset');
    let bytes = cache.get(file);
    if (!bytes) {
      bytes = await readFile(path.join(assetDir, file));
      cache.set(file, bytes);
    }
    return new Response(new Uint8Array(bytes), {
      headers: { 'content-type': type, 'cache-control': 'private, max-age=86400' },
    });
  });

  api.get(
    '/swagger-ui',
    swaggerUI({
      baseUrl: assetsPath,
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
