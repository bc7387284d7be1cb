import { createHash, timingSafeEqual } from 'node:crypto';
import { appendAudit } from '@joycity/db';
import { CSRF_HEADER, readAuthCookies, type AuthFailureCode } from '@joycity/shared/auth';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AccessPolicies } from './access.ts';
import { clearTokenCookies, setTokenCookies } from './auth/cookies.ts';
import type { ApiEnv } from './context.ts';
import { apiError, ApiError } from './errors.ts';
import type { Services } from './services.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const AUTH_MESSAGES: Record<AuthFailureCode, string> = {
  TOKEN_MISSING: 'Please sign in',
  TOKEN_EXPIRED: 'Your sign-in has expired. Please sign in again.',
  TOKEN_INVALID: 'Your sign-in is not valid. Please sign in again.',
  SESSION_REVOKED: 'This sign-in has been ended. Please sign in again.',
  SESSION_EXPIRED: 'Your sign-in has expired. Please sign in again.',
  SESSION_UNKNOWN: 'Your sign-in is not valid. Please sign in again.',
  USER_DISABLED: 'This user is disabled.',
};

/** Compares secrets in constant time, whatever their lengths (both sides are hashed first). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * THE access check, run for every request to the API, in this order:
 *
 * 1. Find the matched route's policy (see access.ts). A route without one is refused.
 * 2. `internal` routes: `Authorization: Bearer <INTERNAL_API_SECRET>`, compared in constant time. Nothing else
 *    applies (no cookies, no CSRF: browsers never get here; Traefik does not route /api/internal).
 * 3. State-changing methods: `Origin` must equal the admin origin exactly. The wb-seller pages are same-site
 *    (so SameSite=Lax cookies flow) but untrusted; this is where their POSTs stop.
 * 4. `session`/`permission` routes: a valid access token whose session still stands. An absent or expired
 *    one is renewed transparently from the refresh cookie (single-flight), and the new cookies ride on this
 *    response.
 * 5. State-changing methods: the CSRF token (header equal to cookie, signed by us, bound to this session).
 * 6. `permission` routes: the permission, from the user's current roles. Denials are audited.
 */
export function accessControl(services: Services, policies: AccessPolicies): MiddlewareHandler<ApiEnv> {
  if (!services.origins.admin) throw new RangeError('accessControl needs the admin origin');

  async function authenticate(c: Context<ApiEnv>) {
    const cookies = readAuthCookies(services.cookies, c.req.header('cookie'));
    const authenticator = await services.authenticator();
    let result = await authenticator.authenticate(cookies.access);
    if (!result.ok && result.renewable && cookies.refresh) {
      try {
        const pair = await services.sessions.rotate(cookies.refresh, {
          ip: c.get('clientIp'),
          userAgent: c.req.header('user-agent') ?? null,
        });
        setTokenCookies(c, services, pair);
        result = await authenticator.authenticate(pair.accessToken);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) clearTokenCookies(c, services);
        throw err;
      }
    }
    if (!result.ok) {
      if (result.code !== 'TOKEN_MISSING') clearTokenCookies(c, services);
      const code = result.code === 'TOKEN_MISSING' ? 'AUTH_REQUIRED' : result.code;
      throw apiError(401, code, AUTH_MESSAGES[result.code]);
    }
    return result.principal;
  }

  function checkCsrf(c: Context<ApiEnv>, sessionId: string | undefined) {
    const header = c.req.header(CSRF_HEADER);
    const cookie = readAuthCookies(services.cookies, c.req.header('cookie')).csrf;
    if (!header || !cookie) {
      throw apiError(
        403,
        'CSRF_TOKEN_MISSING',
        `Send the CSRF token (the ${services.cookies.names.csrf} cookie) in ${CSRF_HEADER}`,
      );
    }
    const binding = services.csrf.bindingOf(header);
    const matches = secretsEqual(header, cookie);
    const bound = sessionId === undefined ? binding !== undefined : binding === sessionId;
    if (!matches || !bound) {
      throw apiError(
        403,
        'CSRF_TOKEN_INVALID',
        'The CSRF token is not valid for this sign-in; reload the page',
      );
    }
  }

  return async function accessControlMiddleware(c: Context<ApiEnv>, next: Next) {
    const access = policies.policyFor(c);
    if (!access) return next();
    c.set('access', access);
    const unsafe = !SAFE_METHODS.has(c.req.method);

    if (access.kind === 'internal') {
      const header = c.req.header('authorization') ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!given || !secretsEqual(given, services.internalSecret)) {
        throw apiError(401, 'INTERNAL_UNAUTHORIZED', 'This endpoint is for internal services');
      }
      return next();
    }

    if (unsafe && c.req.header('origin') !== services.origins.admin) {
      throw apiError(
        403,
        'CSRF_ORIGIN_MISMATCH',
        `State-changing requests must come from ${services.origins.admin}`,
      );
    }

    if (access.kind === 'public') {
      if (unsafe) checkCsrf(c, undefined);
      return next();
    }

    const principal = await authenticate(c);
    c.set('principal', principal);
    if (unsafe) checkCsrf(c, principal.sessionId);

    if (access.kind === 'permission' && !principal.permissions.has(access.permission)) {
      await appendAudit(services.db, {
        action: 'access.denied',
        outcome: 'denied',
        actor_user_id: principal.userId,
        actor_email: principal.email,
        ip: c.get('clientIp'),
        user_agent: c.req.header('user-agent')?.slice(0, 1000) ?? null,
        target_type: 'route',
        target_id: `${c.req.method} ${c.req.path}`.slice(0, 300),
        details: { permission: access.permission },
      });
      throw apiError(403, 'FORBIDDEN', `You need the '${access.permission}' permission for this`, {
        permission: access.permission,
      });
    }
    return next();
  };
}
