import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { findUserById, findUserWithSecretById, listUserRoles, sql, updateUser } from '@joycity/db';
import { PERMISSIONS, readAuthCookies } from '@joycity/shared/auth';
import { publishEvent } from '@joycity/shared/coordination';
import { hashPassword, passwordProblem, verifyPassword } from '@joycity/shared/crypto';
import { PUBLIC, SIGNED_IN, apiRoute } from '../access.ts';
import { ANONYMOUS } from '../auth/csrf.ts';
import { clearTokenCookies, issueCsrf, setTokenCookies } from '../auth/cookies.ts';
import { LoginThrottledError } from '../auth/login-guard.ts';
import type { ApiEnv } from '../context.ts';
import { apiError } from '../errors.ts';
import { audit, principalOf, userAgentOf } from '../request-context.ts';
import type { Services } from '../services.ts';
import { UserSchema, errorResponses, json, jsonBody, userView } from '../views.ts';

const tags = ['auth'];

const LoginBody = z
  .object({
    email: z.string().trim().min(3).max(254).openapi({ example: 'admin@example.com' }),
    password: z.string().min(1).max(200).openapi({ example: 'a-long-password', format: 'password' }),
  })
  .openapi('LoginRequest');

const MeSchema = z
  .object({
    user: UserSchema,
    permissions: z.array(z.enum(PERMISSIONS)),
    sessionId: z.uuid(),
    csrfToken: z.string(),
  })
  .openapi('Me');

const login = apiRoute(PUBLIC, {
  method: 'post',
  path: '/auth/login',
  tags,
  summary: 'Sign in with email and password',
  description:
    'Sets the access and refresh cookies (HttpOnly, SameSite=Lax, Domain=APP_DOMAIN) and a CSRF cookie ' +
    'bound to the new session. Wrong email and wrong password get the same answer. Repeated failures lock ' +
    'the email (and the address) for a growing time: 429 `LOGIN_LOCKED` / `LOGIN_RATE_LIMITED` with Retry-After.',
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: json(z.object({ user: UserSchema, csrfToken: z.string() }), 'Signed in'),
    ...errorResponses(400, 401, 403, 429),
  },
});

const refresh = apiRoute(PUBLIC, {
  method: 'post',
  path: '/auth/refresh',
  tags,
  summary: 'Renew the access token from the refresh cookie (rotating it)',
  description:
    'Rarely needed: every signed-in route renews an expired access token by itself. Reusing a spent refresh ' +
    'token ends the whole session family (401 `REFRESH_REUSED`).',
  responses: {
    200: json(
      z.object({
        userId: z.uuid(),
        sessionId: z.uuid(),
        accessExpiresAt: z.iso.datetime(),
        refreshExpiresAt: z.iso.datetime(),
      }),
      'Renewed; new cookies set',
    ),
    ...errorResponses(401, 403),
  },
});

const logout = apiRoute(PUBLIC, {
  method: 'post',
  path: '/auth/logout',
  tags,
  summary: 'Sign out: end this session and clear the cookies',
  responses: { 204: { description: 'Signed out' }, ...errorResponses(403) },
});

const me = apiRoute(SIGNED_IN, {
  method: 'get',
  path: '/auth/me',
  tags,
  summary: 'The signed-in user, their permissions and a CSRF token for this session',
  responses: { 200: json(MeSchema, 'The signed-in user'), ...errorResponses(401) },
});

const updateMe = apiRoute(SIGNED_IN, {
  method: 'patch',
  path: '/auth/me',
  tags,
  summary: 'Change your own name, language or theme',
  request: {
    body: jsonBody(
      z.strictObject({
        name: z.string().trim().min(1).max(200).optional(),
        locale: z.enum(['ru', 'en']).optional(),
        theme: z.enum(['light', 'dark', 'system']).optional(),
      }),
    ),
  },
  responses: { 200: json(z.object({ user: UserSchema }), 'Updated'), ...errorResponses(400, 401, 403) },
});

const changePassword = apiRoute(SIGNED_IN, {
  method: 'post',
  path: '/auth/password',
  tags,
  summary: 'Change your own password (ends your other sessions)',
  request: {
    body: jsonBody(
      z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) }),
    ),
  },
  responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403) },
});

const csrf = apiRoute(PUBLIC, {
  method: 'get',
  path: '/auth/csrf',
  tags,
  summary: 'A CSRF token (also set as a cookie): for this session when signed in, anonymous otherwise',
  responses: { 200: json(z.object({ csrfToken: z.string() }), 'A fresh token') },
});

export function registerAuthRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  const meta = (c: { get(key: 'clientIp'): string | null }, ua: string | null) => ({
    ip: c.get('clientIp'),
    userAgent: ua,
  });

  api.openapi(login, async (c) => {
    const body = c.req.valid('json');
    let result;
    try {
      result = await services.sessions.signIn(body, meta(c, userAgentOf(c)));
    } catch (err) {
      if (err instanceof LoginThrottledError) c.header('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
    setTokenCookies(c, services, result.pair);
    const csrfToken = issueCsrf(c, services, result.sessionId);
    const user = (await findUserById(services.db, result.userId))!;
    const roles = await listUserRoles(services.db, result.userId);
    return c.json({ user: userView(user, roles), csrfToken }, 200);
  });

  api.openapi(refresh, async (c) => {
    const token = readAuthCookies(services.cookies, c.req.header('cookie')).refresh;
    if (!token) throw apiError(401, 'REFRESH_INVALID', 'Please sign in again.');
    try {
      const pair = await services.sessions.rotate(token, meta(c, userAgentOf(c)));
      setTokenCookies(c, services, pair);
      return c.json(
        {
          userId: pair.userId,
          sessionId: pair.sessionId,
          accessExpiresAt: pair.accessExpiresAt,
          refreshExpiresAt: pair.refreshExpiresAt,
        },
        200,
      );
    } catch (err) {
      clearTokenCookies(c, services);
      throw err;
    }
  });

  api.openapi(logout, async (c) => {
    const cookies = readAuthCookies(services.cookies, c.req.header('cookie'));
    const claims =
      (await services.tokens.verifyAccess(cookies.access).catch(() => undefined)) ??
      (await services.tokens.verifyRefresh(cookies.refresh).catch(() => undefined));
    if (claims) {
      const revoked = await services.sessions.revoke({ ids: [claims.sessionId] }, 'logout');
      if (revoked.length > 0) {
        await audit(c, services, {
          action: 'auth.logout',
          actor_user_id: claims.userId,
          target_type: 'session',
          target_id: claims.sessionId,
        });
      }
    }
    clearTokenCookies(c, services);
    issueCsrf(c, services, ANONYMOUS);
    return c.body(null, 204);
  });

  api.openapi(me, async (c) => {
    const principal = principalOf(c);
    const user = await findUserById(services.db, principal.userId);
    if (!user) throw apiError(401, 'SESSION_UNKNOWN', 'Please sign in again.');
    const current = readAuthCookies(services.cookies, c.req.header('cookie')).csrf;
    const csrfToken =
      current && services.csrf.bindingOf(current) === principal.sessionId
        ? current
        : issueCsrf(c, services, principal.sessionId);
    return c.json(
      {
        user: userView(user, principal.roles),
        permissions: [...principal.permissions].sort(),
        sessionId: principal.sessionId,
        csrfToken,
      },
      200,
    );
  });

  api.openapi(updateMe, async (c) => {
    const principal = principalOf(c);
    const changes = c.req.valid('json');
    const user = await updateUser(services.db, principal.userId, changes);
    if (!user) throw apiError(401, 'SESSION_UNKNOWN', 'Please sign in again.');
    await publishEvent(services.coordinator, 'users.changed', { userIds: [principal.userId] });
    return c.json({ user: userView(user, principal.roles) }, 200);
  });

  api.openapi(changePassword, async (c) => {
    const principal = principalOf(c);
    const { currentPassword, newPassword } = c.req.valid('json');
    const problem = passwordProblem(newPassword);
    if (problem) throw apiError(400, 'PASSWORD_WEAK', `The new password ${problem}`);
    const user = await findUserWithSecretById(services.db, principal.userId);
    if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
      await audit(c, services, {
        action: 'user.password_changed',
        outcome: 'failure',
        target_type: 'user',
        target_id: principal.userId,
        details: { reason: 'wrong_current_password' },
      });
      throw apiError(403, 'PASSWORD_MISMATCH', 'The current password is not correct');
    }
    const hash = await hashPassword(newPassword);
    await services.db
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', principal.userId)
      .execute();
    const revoked = await services.sessions.revoke(
      { userId: principal.userId, exceptId: principal.sessionId },
      'password_changed',
    );
    await audit(c, services, {
      action: 'user.password_changed',
      target_type: 'user',
      target_id: principal.userId,
      details: { by: 'self', revokedSessions: revoked.length },
    });
    return c.body(null, 204);
  });

  api.openapi(csrf, async (c) => {
    const cookies = readAuthCookies(services.cookies, c.req.header('cookie'));
    const result = await (await services.authenticator()).authenticate(cookies.access);
    const csrfToken = issueCsrf(c, services, result.ok ? result.principal.sessionId : ANONYMOUS);
    return c.json({ csrfToken }, 200);
  });
}
