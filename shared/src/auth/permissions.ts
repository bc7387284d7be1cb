import type { RoleCode } from '@joycity/db';

/**
 * Every permission the platform checks. Permissions are data (the `role_permissions` table says which role
 * has which); this list only gives them a type, so a route cannot ask for a permission that does not exist.
 * A test keeps it equal to the seeded catalogue.
 */
export const PERMISSIONS = [
  'users.read',
  'users.write',
  'users.reset_password',
  'sessions.revoke_any',
  'accounts.read',
  'accounts.write',
  'assignments.read',
  'assignments.write',
  'kpi.read',
  'settings.write',
  'logistics.read',
  'logistics.write',
  'finance.read',
  'sync.read',
  'sync.run',
  'audit.read',
  'backups.read',
  'backups.run',
  'swagger.view',
  'proxy.access',
  'proxy.routes.read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const KNOWN = new Set<string>(PERMISSIONS);

export function isPermission(value: string): value is Permission {
  return KNOWN.has(value);
}

/**
 * Who is making a request: the user behind a live session, with roles and permissions as they are now (not
 * as they were at login). Built by the session cache; both the admin API and the proxy use it.
 */
export interface Principal {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
  locale: 'ru' | 'en';
  roles: readonly RoleCode[];
  permissions: ReadonlySet<Permission>;
  currentAccountId: number | null;
}

/**
 * @example
 * if (!hasPermission(principal, 'proxy.access')) return forbiddenPage();
 */
export function hasPermission(principal: Pick<Principal, 'permissions'>, permission: Permission): boolean {
  return principal.permissions.has(permission);
}

/** True when the principal holds at least one of the permissions. */
export function hasAnyPermission(
  principal: Pick<Principal, 'permissions'>,
  permissions: readonly Permission[],
): boolean {
  return permissions.some((p) => principal.permissions.has(p));
}
