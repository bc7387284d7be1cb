import type { MiddlewareHandler } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import { isWbOrigin } from './origins.ts';

/** Headers the SPA sends cross-origin (and that a preflight must allow). */
const ALLOWED_HEADERS = [
  'authorizev3',
  'wb-seller-lk',
  'content-type',
  'root-version',
  'x-supplier-id',
  'x-supplier-id-external',
  'x-requested-with',
  'x-pow-token',
].join(', ');

/**
 * CORS for the portal's API hosts: the SPA on seller.wildberries.ru (and cmp) calls the other subdomains with
 * credentials, so an Origin on `*.wildberries.ru` is echoed with `Access-Control-Allow-Credentials: true`;
 * any other origin gets no CORS headers (the browser then refuses the answer). Preflights answer 204.
 */
export function portalCors(): MiddlewareHandler<HostEnv> {
  return async function portalCorsHandler(c, next) {
    const origin = c.req.header('origin');
    const allowed = isWbOrigin(origin) ? origin : undefined;
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      const headers: Record<string, string> = { vary: 'Origin', 'access-control-max-age': '600' };
      if (allowed) {
        headers['access-control-allow-origin'] = allowed;
        headers['access-control-allow-credentials'] = 'true';
        headers['access-control-allow-methods'] = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
        headers['access-control-allow-headers'] =
          c.req.header('access-control-request-headers') ?? ALLOWED_HEADERS;
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    if (allowed) {
      c.res.headers.set('access-control-allow-origin', allowed);
      c.res.headers.set('access-control-allow-credentials', 'true');
      c.res.headers.set('access-control-expose-headers', 'content-disposition, x-request-id');
      c.res.headers.append('vary', 'Origin');
    }
  };
}
