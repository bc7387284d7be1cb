import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Permission } from '@joycity/shared/auth';
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ApiEnv } from './context.ts';
import { apiError } from './errors.ts';

/**
 * Who may call a route. Every route states it where it is defined ({@link apiRoute} requires it), and ONE
 * middleware (access-control.ts) enforces it for every request; a route without a policy is refused.
 *
 * - `public`: anyone (sign-in, health). Unsafe methods still need the admin Origin and a CSRF token.
 * - `session`: any signed-in user (their own profile and sessions).
 * - `permission`: a signed-in user whose roles grant this permission (permissions are data: role_permissions).
 * - `internal`: another of our services, with INTERNAL_API_SECRET. Never routed by Traefik.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'session' }
  | { kind: 'permission'; permission: Permission }
  | { kind: 'internal' };

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'session' };
export const INTERNAL: Access = { kind: 'internal' };
export const requires = (permission: Permission): Access => ({ kind: 'permission', permission });

/** OpenAPI security requirement for each kind of access. */
function securityOf(access: Access): RouteConfig['security'] {
  if (access.kind === 'public') return [];
  if (access.kind === 'internal') return [{ internalSecret: [] }];
  return [{ accessCookie: [] }];
}

function describeAccess(access: Access): string {
  switch (access.kind) {
    case 'public':
      return 'Anyone.';
    case 'session':
      return 'Any signed-in user.';
    case 'permission':
      return `Requires the \`${access.permission}\` permission.`;
    case 'internal':
      return 'Internal: our services only, with INTERNAL_API_SECRET. Not reachable from outside.';
  }
}

/**
 * `createRoute` with a mandatory access policy. The policy travels with the route definition (as the
 * `x-access` extension, which also documents it in the OpenAPI document) and is read back by the
 * access-control middleware.
 *
 * @example
 * const listUsers = apiRoute(requires('users.read'), { method: 'get', path: '/users', … });
 * api.openapi(listUsers, handler);
 */
export function apiRoute<P extends string, R extends Omit<RouteConfig, 'path' | 'security'> & { path: P }>(
  access: Access,
  config: R,
) {
  const description = [config.description, `**Access:** ${describeAccess(access)}`]
    .filter(Boolean)
    .join('\n\n');
  return createRoute({ ...config, description, security: securityOf(access), 'x-access': access });
}

/**
 * Finds the access policy of the route a request matched. Routes defined with {@link apiRoute} carry theirs;
 * plain routes (the Swagger UI page, the OpenAPI document, health) are given one with {@link setPolicy}.
 */
export class AccessPolicies {
  readonly #extra = new Map<string, Access>();
  #fromRegistry: Map<string, Access> | undefined;
  readonly #app: () => OpenAPIHono<ApiEnv>;
  readonly #basePath: string;

  constructor(app: () => OpenAPIHono<ApiEnv>, basePath: string) {
    this.#app = app;
    this.#basePath = basePath;
  }

  setPolicy(method: string, path: string, access: Access): void {
    this.#extra.set(`${method.toUpperCase()} ${path}`, access);
  }

  /**
   * The policy of the handler the request matched; `null` when no handler matched (a 404 follows).
   * Throws when a handler matched but has no policy: that is a programming error, and it fails closed.
   */
  policyFor(c: Context<ApiEnv>): Access | null {
    const handler = matchedRoutes(c)
      .filter((r) => r.method !== 'ALL')
      .at(-1);
    if (!handler) return null;
    const key = `${handler.method} ${handler.path}`;
    const access = this.#extra.get(key) ?? this.#registry().get(key);
    if (!access) throw apiError(403, 'NO_ACCESS_POLICY', `Route ${key} declares no access policy`);
    return access;
  }

  #registry(): Map<string, Access> {
    if (this.#fromRegistry) return this.#fromRegistry;
    const map = new Map<string, Access>();
    for (const definition of this.#app().openAPIRegistry.definitions) {
      if (definition.type !== 'route') continue;
      const route = definition.route as RouteConfig & { 'x-access'?: Access };
      if (!route['x-access']) continue;
      const path = `${this.#basePath}${route.path.replace(/\{(\w+)\}/g, ':$1')}`;
      map.set(`${route.method.toUpperCase()} ${path}`, route['x-access']);
    }
    this.#fromRegistry = map;
    return map;
  }
}
