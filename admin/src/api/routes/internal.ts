import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { appendAudit } from '@joycity/db';
import type { PortalSession } from '@joycity/shared/credentials';
import {
  INTERNAL_CLIENT_HEADER,
  accountIdParam,
  patchPortalSessionBodySchema,
  portalSessionEnvelopeSchema,
  refreshBodySchema,
  replacePortalSessionBodySchema,
  sessionStatusBodySchema,
  sessionStatusResponseSchema,
  tokenPairSchema,
  type PortalSessionEnvelope,
} from '@joycity/shared/internal-api';
import type { Context } from 'hono';
import { INTERNAL, apiRoute } from '../access.ts';
import type { ApiEnv } from '../context.ts';
import type { Services } from '../services.ts';
import { errorResponses, json, jsonBody } from '../views.ts';

/**
 * The internal API for our own services (the proxy first). Protected by INTERNAL_API_SECRET (checked in
 * constant time by the access-control middleware) and never routed by Traefik (stack.yml excludes
 * /api/internal). The only place decrypted credentials leave the admin, and only to the backend.
 * The typed client is `@joycity/shared/internal-api`.
 */
const tags = ['internal'];
const Params = z.object({ id: accountIdParam });
/** A credential read is audited once per account and caller in this window, not on every cache refill. */
const READ_AUDIT_WINDOW_MS = 10 * 60_000;

const getSession = apiRoute(INTERNAL, {
  method: 'get',
  path: '/internal/accounts/{id}/portal-session',
  tags,
  summary: "The account's decrypted WB portal session (cookies, authorizev3, tokens), its version and status",
  request: { params: Params },
  responses: { 200: json(portalSessionEnvelopeSchema, 'The session'), ...errorResponses(401, 404) },
});

const replaceSession = apiRoute(INTERNAL, {
  method: 'put',
  path: '/internal/accounts/{id}/portal-session',
  tags,
  summary: 'Replace the whole portal session (optionally only if still at `expectedVersion`)',
  request: { params: Params, body: jsonBody(replacePortalSessionBodySchema) },
  responses: {
    200: json(portalSessionEnvelopeSchema, 'The stored session'),
    ...errorResponses(400, 401, 404, 409),
  },
});

const patchSession = apiRoute(INTERNAL, {
  method: 'patch',
  path: '/internal/accounts/{id}/portal-session',
  tags,
  summary: 'Apply what WB changed (cookies set/removed, authorizev3, tokens), atomically',
  request: { params: Params, body: jsonBody(patchPortalSessionBodySchema) },
  responses: {
    200: json(portalSessionEnvelopeSchema, 'The stored session'),
    ...errorResponses(400, 401, 404, 409),
  },
});

const setStatus = apiRoute(INTERNAL, {
  method: 'post',
  path: '/internal/accounts/{id}/session-status',
  tags,
  summary: "Mark the account's WB session as working or as needing a new login",
  request: { params: Params, body: jsonBody(sessionStatusBodySchema) },
  responses: { 200: json(sessionStatusResponseSchema, 'Recorded'), ...errorResponses(400, 401, 404) },
});

const refresh = apiRoute(INTERNAL, {
  method: 'post',
  path: '/internal/auth/refresh',
  tags,
  summary: "Renew a user's tokens from their refresh token (for the proxy, single-flight)",
  description:
    'Rotates the refresh token exactly as `POST /api/auth/refresh` does. The caller sets the returned tokens ' +
    'as cookies on its own response (see `tokenSetCookies` in @joycity/shared/auth). 401 `REFRESH_INVALID` or ' +
    '`REFRESH_REUSED`: clear the cookies and send the user to sign in.',
  request: { body: jsonBody(refreshBodySchema) },
  responses: { 200: json(tokenPairSchema, 'The new token pair'), ...errorResponses(400, 401) },
});

function envelope(
  accountId: number,
  read: {
    session: PortalSession;
    version: number;
    status: PortalSessionEnvelope['status'];
    updatedAt: Date | null;
  },
): PortalSessionEnvelope {
  return {
    accountId,
    version: read.version,
    status: read.status,
    updatedAt: read.updatedAt ? read.updatedAt.toISOString() : null,
    cookies: read.session.cookies,
    ...(read.session.authorizev3 ? { authorizev3: read.session.authorizev3 } : {}),
    ...(read.session.tokens ? { tokens: read.session.tokens } : {}),
  };
}

function callerOf(c: Context<ApiEnv>): string {
  const name = c.req.header(INTERNAL_CLIENT_HEADER) ?? 'unknown';
  return /^[a-z0-9-]{1,40}$/i.test(name) ? name : 'unknown';
}

export function registerInternalRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  const actor = (c: Context<ApiEnv>) => ({
    userId: null,
    email: null,
    ip: c.get('clientIp'),
    userAgent: `internal:${callerOf(c)}`,
    via: 'internal' as const,
  });

  api.openapi(getSession, async (c) => {
    const { id } = c.req.valid('param');
    const read = await services.accounts.readPortalSession(id);
    const caller = callerOf(c);
    const dedupeKey = `audit:credentials-read:${id}:${caller}`;
    if (!(await services.coordinator.cacheGet(dedupeKey))) {
      await services.coordinator.cacheSet(dedupeKey, '1', READ_AUDIT_WINDOW_MS);
      await appendAudit(services.db, {
        action: 'account.credentials_read',
        target_type: 'account',
        target_id: String(id),
        ip: c.get('clientIp'),
        user_agent: `internal:${caller}`,
        details: { via: 'internal', caller, credential: 'portal_session', version: read.version },
      });
    }
    return c.json(envelope(id, read), 200);
  });

  api.openapi(replaceSession, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await services.accounts.patchPortalSession(
      id,
      { replace: body.session },
      { actor: actor(c), expectedVersion: body.expectedVersion },
    );
    return c.json(envelope(id, await services.accounts.readPortalSession(id)), 200);
  });

  api.openapi(patchSession, async (c) => {
    const { id } = c.req.valid('param');
    const { expectedVersion, ...patch } = c.req.valid('json');
    await services.accounts.patchPortalSession(id, patch, { actor: actor(c), expectedVersion });
    return c.json(envelope(id, await services.accounts.readPortalSession(id)), 200);
  });

  api.openapi(setStatus, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const account = await services.accounts.setSessionStatus(id, body.status, body.reason ?? null, actor(c));
    return c.json(
      {
        accountId: id,
        status: account.session_status,
        checkedAt: account.session_checked_at ? account.session_checked_at.toISOString() : null,
      },
      200,
    );
  });

  api.openapi(refresh, async (c) => {
    const body = c.req.valid('json');
    const pair = await services.sessions.rotate(body.refreshToken, {
      ip: body.ip ?? null,
      userAgent: body.userAgent ?? null,
    });
    return c.json(pair, 200);
  });
}
