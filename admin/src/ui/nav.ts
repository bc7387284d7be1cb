/** The admin's sections and the permission each needs; the nav shows only what the user may open. */
export const NAV: Array<{ href: string; key: string; permission: string | null; external?: boolean }> = [
  { href: '/assignments', key: 'assignments', permission: 'assignments.read' },
  { href: '/users', key: 'users', permission: 'users.read' },
  { href: '/accounts', key: 'accounts', permission: 'accounts.read' },
  { href: '/sync', key: 'sync', permission: 'sync.read' },
  { href: '/audit', key: 'audit', permission: 'audit.read' },
  { href: '/proxy-routes', key: 'proxyRoutes', permission: 'proxy.routes.read' },
  { href: '/sessions', key: 'sessions', permission: null },
  { href: '/profile', key: 'profile', permission: null },
  { href: '/api/swagger-ui', key: 'swagger', permission: 'swagger.view', external: true },
];

export function allowedNav(permissions: readonly string[]) {
  return NAV.filter((item) => item.permission === null || permissions.includes(item.permission));
}
