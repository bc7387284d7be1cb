import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { findSessionById, listUserSessions } from '@joycity/db';
import { SIGNED_IN, apiRoute } from '../access.ts';
import { ANONYMOUS } from '../auth/csrf.ts';
import { clearTokenCookies, issueCsrf } from '../auth/cookies.ts';
import type { ApiEnv } from '../context.ts';
import { apiError } from '../errors.ts';
import { audit, principalOf } from '../request-context.ts';
import type { Services } from '../services.ts';
import { SessionSchema, errorResponses, json, sessionView } from '../views.ts';

const tags = ['sessions'];

const list = apiRoute(SIGNED_IN, {
  method: 'get',
  path: '/sessions',
  tags,
  summary: 'Your sessions (devices), newest use first',
  description:
    "With `userId`, another user's sessions: needs the `sessions.revoke_any` permission. `includeEnded` adds " +
    'revoked and expired sessions.',
  request: {
    query: z.object({
      userId: z.uuid().optional(),
      includeEnded: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => v === 'true'),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(SessionSchema) }), 'Sessions'),
    ...errorResponses(401, 403),
  },
});

const revoke = apiRoute(SIGNED_IN, {
  method: 'delete',
  path: '/sessions/{id}',
  tags,
  summary: 'End a session. It is refused on its next request, on every replica.',
  description: "Your own sessions, or anyone's with the `sessions.revoke_any` permission.",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: 'Ended (or already ended)' }, ...errorResponses(401, 403, 404) },
});

const revokeOthers = apiRoute(SIGNED_IN, {
  method: 'post',
  path: '/sessions/revoke-others',
  tags,
  summary: 'End all your sessions except this one',
  responses: {
    200: json(z.object({ revoked: z.number().int() }), 'How many were ended'),
    ...errorResponses(401, 403),
  },
});

export function registerSessionRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  api.openapi(list, async (c) => {
    const principal = principalOf(c);
    const { userId, includeEnded } = c.req.valid('query');
    const target = userId ?? principal.userId;
    if (target !== principal.userId && !principal.permissions.has('sessions.revoke_any')) {
      throw apiError(
        403,
        'FORBIDDEN',
        "You need the 'sessions.revoke_any' permission to see other users' sessions",
      );
    }
    const sessions = await listUserSessions(services.db, target, { includeEnded });
    return c.json({ items: sessions.map((s) => sessionView(s, principal.sessionId)) }, 200);
  });

  api.openapi(revoke, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    const session = await findSessionById(services.db, id);
    const own = session?.user_id === principal.userId;
    if (!session || (!own && !principal.permissions.has('sessions.revoke_any'))) {
      // Someone else's session looks the same as a missing one.
      throw apiError(404, 'SESSION_NOT_FOUND', 'No such session');
    }
    const revoked = await services.sessions.revoke({ ids: [id] }, own ? 'user' : 'admin');
    if (revoked.length > 0) {
      await audit(c, services, {
        action: 'session.revoked',
        target_type: 'session',
        target_id: id,
        details: { userId: session.user_id, by: own ? 'self' : 'admin' },
      });
    }
    if (id === principal.sessionId) {
      clearTokenCookies(c, services);
      issueCsrf(c, services, ANONYMOUS);
    }
    return c.body(null, 204);
  });

  api.openapi(revokeOthers, async (c) => {
    const principal = principalOf(c);
    const revoked = await services.sessions.revoke(
      { userId: principal.userId, exceptId: principal.sessionId },
      'user',
    );
    if (revoked.length > 0) {
      await audit(c, services, {
        action: 'session.revoked',
        target_type: 'user',
        target_id: principal.userId,
        details: { sessions: revoked.map((r) => r.id), by: 'self', scope: 'others' },
      });
    }
    return c.json({ revoked: revoked.length }, 200);
  });
}
