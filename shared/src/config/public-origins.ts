/**
 * The public origins of our hosts, derived from APP_DOMAIN, the scheme and (on a laptop) the ports. In
 * production Traefik serves both on 443, so no port appears.
 *
 * @example
 * publicOrigins({ APP_DOMAIN: 'joycity.localhost', PUBLIC_SCHEME: 'http', ADMIN_PORT: 3000, PROXY_PORT: 8080 })
 * // { admin: 'http://admin.joycity.localhost:3000', proxy: 'http://wb-seller.joycity.localhost:8080' }
 */
export interface PublicOrigins {
  admin: string;
  proxy: string;
}

export function publicOrigins(env: {
  APP_DOMAIN: string;
  PUBLIC_SCHEME: 'http' | 'https';
  ADMIN_PORT: number;
  PROXY_PORT: number;
  PUBLIC_PORTS?: boolean;
}): PublicOrigins {
  const withPorts = env.PUBLIC_PORTS ?? env.PUBLIC_SCHEME === 'http';
  const origin = (host: string, port: number) =>
    `${env.PUBLIC_SCHEME}://${host}.${env.APP_DOMAIN}${withPorts ? `:${port}` : ''}`;
  return { admin: origin('admin', env.ADMIN_PORT), proxy: origin('wb-seller', env.PROXY_PORT) };
}

/**
 * The base URL of the admin's internal API for the proxy: ADMIN_INTERNAL_URL, or the admin on this machine.
 *
 * @example
 * adminInternalUrl({ ADMIN_INTERNAL_URL: undefined, ADMIN_PORT: 3000 }) // 'http://127.0.0.1:3000'
 */
export function adminInternalUrl(env: {
  ADMIN_INTERNAL_URL?: string | undefined;
  ADMIN_PORT: number;
}): string {
  return (env.ADMIN_INTERNAL_URL ?? `http://127.0.0.1:${env.ADMIN_PORT}`).replace(/\/+$/, '');
}
