import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { listAudit } from '@joycity/db';
import { apiRoute, requires } from '../access.ts';
import type { ApiEnv } from '../context.ts';
import type { Services } from '../services.ts';
import { AuditEntrySchema, auditView, errorResponses, json } from '../views.ts';

const list = apiRoute(requires('audit.read'), {
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: 'The audit log, newest first, with filters and keyset paging',
  description:
    'Pass the previous page’s `nextCursor` as `before` for the next page. `action` matches exactly; ' +
    '`actionPrefix` matches a family (`auth.`, `account.`, `user.`, `session.`).',
  request: {
    query: z.object({
      action: z.string().max(100).optional(),
      actionPrefix: z.string().max(100).optional(),
      actorUserId: z.uuid().optional(),
      actorEmail: z.string().max(254).optional(),
      targetType: z.string().max(50).optional(),
      targetId: z.string().max(300).optional(),
      outcome: z.enum(['success', 'failure', 'denied']).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(AuditEntrySchema), nextCursor: z.number().int().nullable() }),
      'A page of the audit log',
    ),
    ...errorResponses(400, 401, 403),
  },
});

export function registerAuditRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  api.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const page = await listAudit(services.db, {
      ...(q.action ? { action: q.action } : {}),
      ...(q.actionPrefix ? { actionPrefix: q.actionPrefix } : {}),
      ...(q.actorUserId ? { actorUserId: q.actorUserId } : {}),
      ...(q.actorEmail ? { actorEmail: q.actorEmail } : {}),
      ...(q.targetType ? { targetType: q.targetType } : {}),
      ...(q.targetId ? { targetId: q.targetId } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(q.before !== undefined ? { before: q.before } : {}),
      limit: q.limit,
    });
    return c.json({ items: page.items.map(auditView), nextCursor: page.nextCursor }, 200);
  });
}
