import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { listRouteObservations } from '@joycity/db';
import { apiRoute, requires } from '../access.ts';
import type { ApiEnv } from '../context.ts';
import type { Services } from '../services.ts';
import { errorResponses, json } from '../views.ts';

const list = apiRoute(requires('proxy.routes.read'), {
  method: 'get',
  path: '/proxy/routes',
  tags: ['proxy'],
  summary:
    'Routes the proxy filtered with its generic deep filter (no specific rule yet), with sample shapes',
  request: {
    query: z.object({
      host: z.string().max(253).optional(),
      q: z.string().trim().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: json(
      z.object({
        total: z.number().int(),
        items: z.array(
          z.object({
            host: z.string(),
            method: z.string(),
            pathPattern: z.string(),
            sampleShape: z.record(z.string(), z.unknown()),
            hits: z.number().int(),
            firstSeenAt: z.string(),
            lastSeenAt: z.string(),
          }),
        ),
      }),
      'Observed routes, most recently seen first',
    ),
    ...errorResponses(400, 401, 403),
  },
});

export function registerProxyRouteRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  api.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const page = await listRouteObservations(services.db, {
      ...(q.host ? { host: q.host } : {}),
      ...(q.q ? { q: q.q } : {}),
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(
      {
        total: page.total,
        items: page.items.map((r) => ({
          host: r.host,
          method: r.method,
          pathPattern: r.path_pattern,
          sampleShape: r.sample_shape,
          hits: r.hits,
          firstSeenAt: r.first_seen_at.toISOString(),
          lastSeenAt: r.last_seen_at.toISOString(),
        })),
      },
      200,
    );
  });
}
